using System.CommandLine;
using K2VV.Proxy.Replay;

namespace K2VV.Proxy.Commands;

/// <summary>The `replay` command: a drop-in for K2VV's <c>tool_calls_eval.py</c>.</summary>
internal static class ReplayCommand
{
    /// <summary>Exit code for invalid arguments.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Builds the command with its options and action.</summary>
    /// <param name="configure">Adjusts the options before the run; tests use it to shorten retry delays.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    public static Command Create(Func<ReplayOptions, ReplayOptions>? configure = null, TimeProvider? time = null)
    {
        // Optional for the parser, so a missing file is reported with exit code 2 like every other argument error.
        var file = new Argument<string?>("FILE") { Description = "JSON Lines file of chat-completion requests, one per line.", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string>("--model") { Description = "Model name written into every request (required)." };
        var baseUrl = new Option<string>("--base-url") { Description = "Endpoint base URL; requests go to {base-url}/chat/completions (required)." };
        var apiKey = new Option<string>("--api-key") { Description = "Bearer API key. Default: the OPENAI_API_KEY environment variable." };
        var concurrency = new Option<string>("--concurrency") { Description = "Requests in flight at once. Default: 5." };
        var output = new Option<string>("--output") { Description = "Results file (JSON Lines). Default: results.jsonl." };
        var summary = new Option<string>("--summary") { Description = "Summary file (JSON). Default: summary.json." };
        var timeout = new Option<string>("--timeout") { Description = "Seconds to wait for the response headers and for each read of the body. Default: 600." };
        var retries = new Option<string>("--retries") { Description = "Retries after a 408, 429, 5xx, connection error or timeout. Default: 3." };
        var extraBody = new Option<string>("--extra-body") { Description = "JSON object merged into every request body, e.g. '{\"top_k\": 20}'." };
        var incremental = new Option<bool>("--incremental") { Description = "Keep lines whose previous result (matched by hash) succeeded and rerun only the rest." };
        var temperature = new Option<string>("--temperature") { Description = "Sets temperature in every request." };
        var maxTokens = new Option<string>("--max-tokens") { Description = "Sets max_tokens in every request." };
        var rewrite = new Option<string>("--tool-id-rewrite") { Description = "Rewrite history tool-call ids before sending: canonical, prefix-only or off. Default: off, as the reference sends the dataset unchanged." };

        var command = new Command("replay", "Replay a samples.jsonl against an endpoint and write K2VV results.jsonl and summary.json.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { model, baseUrl, apiKey, concurrency, output, summary, timeout, retries, extraBody, incremental, temperature, maxTokens, rewrite })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var arguments = new ReplayArguments
            {
                InputPath = parseResult.GetValue(file),
                Model = parseResult.GetValue(model),
                BaseUrl = parseResult.GetValue(baseUrl),
                ApiKey = parseResult.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
                Concurrency = parseResult.GetValue(concurrency),
                Output = parseResult.GetValue(output),
                Summary = parseResult.GetValue(summary),
                Timeout = parseResult.GetValue(timeout),
                Retries = parseResult.GetValue(retries),
                ExtraBody = parseResult.GetValue(extraBody),
                Incremental = parseResult.GetValue(incremental),
                Temperature = parseResult.GetValue(temperature),
                MaxTokens = parseResult.GetValue(maxTokens),
                ToolIdRewrite = parseResult.GetValue(rewrite),
            };

            var errors = new List<string>();
            var options = arguments.Validate(errors);
            if (options is null)
            {
                foreach (var message in errors)
                {
                    await stderr.WriteLineAsync($"k2vv replay: {message}").ConfigureAwait(false);
                }

                return UsageExitCode;
            }

            options = configure?.Invoke(options) ?? options;
            var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var runner = new ReplayRunner(options, stdout, stderr, interactive, time ?? TimeProvider.System);
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
