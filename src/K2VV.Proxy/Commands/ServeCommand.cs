using System.CommandLine;
using System.Globalization;
using K2VV.Proxy.Hosting;
using K2VV.Proxy.Shadow;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace K2VV.Proxy.Commands;

/// <summary>The `serve` command: the verifying reverse proxy, also run when no command is given.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var upstream = new Option<string?>("--upstream")
        { HelpName = "URL",
            Description = $"Base URL of the vendor's OpenAI-compatible API, as given to an OpenAI SDK (default {ProxyOptions.DefaultUpstream}). Clients use http://HOST:PORT/v1.",
        };
        var vendor = new Option<string?>("--vendor") { HelpName = "NAME", Description = "Value of the vendor label for --upstream (default 'default')." };
        var urls = new Option<string?>("--urls") { HelpName = "URLS", Description = $"Listen addresses, separated by ';' (default {ProxyHost.DefaultUrls})." };
        var config = new Option<string?>("--config") { HelpName = "FILE", Description = "Extra JSON configuration file (K2VV and ReverseProxy sections)." };
        var verification = new Option<string?>("--verification") { Description = "'on' verifies chat completions; 'off' forwards as a plain reverse proxy (default on)." };
        verification.AcceptOnlyFromAmong("on", "off");
        var rewrite = new Option<string?>("--tool-id-rewrite") { Description = "Rewrite of historical tool-call ids before forwarding: canonical, prefix-only or off (default canonical)." };
        rewrite.AcceptOnlyFromAmong("canonical", "prefix-only", "off");
        var maxBody = new Option<long?>("--max-request-body-bytes") { HelpName = "BYTES", Description = "Largest request body inspected, in bytes; larger ones are forwarded unverified (default 33554432 = 32 MiB)." };
        var modelLabels = new Option<string[]>("--model-label") { HelpName = "NAME", Description = "Model name always used as the model label; repeat for several." };
        var maxModels = new Option<int?>("--max-model-labels") { HelpName = "COUNT", Description = "Other model names used as labels, first seen first, before 'other' (default 50)." };
        var metricsPort = new Option<int?>("--metrics-port") { HelpName = "PORT", Description = "Serve /metrics on this port instead of the proxy's listener." };
        var capture = new Option<string?>("--capture") { HelpName = "PATH", Description = "JSON Lines file for responses with findings or an invalid verdict (off by default)." };
        var captureMaxBytes = new Option<long?>("--capture-max-bytes") { HelpName = "BYTES", Description = "Size in bytes at which the capture file is rotated (default 67108864 = 64 MiB)." };
        var captureMaxFiles = new Option<int?>("--capture-max-files") { HelpName = "COUNT", Description = "Rotated capture files kept (default 5)." };
        var captureRedact = new Option<bool>("--capture-redact") { Description = "Drop message contents from captured requests and responses." };
        var shadowRate = new Option<double?>("--shadow-rate") { HelpName = "RATE", Description = $"Fraction of chat completions also sent to the official API, 0 to 1 (default 0 = off). Needs {ShadowOptions.ApiKeyEnvironmentVariable}; each sampled request is billed twice." };
        var shadowUpstream = new Option<string?>("--shadow-upstream") { HelpName = "URL", Description = "Base URL of the official API for shadow requests (default https://api.moonshot.ai/v1)." };
        var shadowModels = new Option<string[]>("--shadow-model") { HelpName = "VENDOR=OFFICIAL", Description = "vendor-name=official-name: the model name sent to the official API; repeat for several." };

        var command = new Command("serve", "Run the verifying reverse proxy in front of a K2 vendor (the default command).");
        foreach (var option in new Option[] { upstream, vendor, urls, config, verification, rewrite, maxBody, modelLabels, maxModels, metricsPort, capture, captureMaxBytes, captureMaxFiles, captureRedact, shadowRate, shadowUpstream, shadowModels })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            void Set(string key, object? value)
            {
                if (value is not null)
                {
                    settings[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
                }
            }

            Set("K2VV:Upstream", parseResult.GetValue(upstream));
            Set("K2VV:Vendor", parseResult.GetValue(vendor));
            Set("urls", parseResult.GetValue(urls));
            Set("K2VV:Verification", parseResult.GetValue(verification));
            Set("K2VV:ToolIdRewrite", parseResult.GetValue(rewrite));
            Set("K2VV:MaxRequestBodyBytes", parseResult.GetValue(maxBody));
            Set("K2VV:MaxDynamicModels", parseResult.GetValue(maxModels));
            Set("K2VV:MetricsPort", parseResult.GetValue(metricsPort));
            Set("K2VV:Capture:Path", parseResult.GetValue(capture));
            Set("K2VV:Capture:MaxBytes", parseResult.GetValue(captureMaxBytes));
            Set("K2VV:Capture:MaxFiles", parseResult.GetValue(captureMaxFiles));
            if (parseResult.GetValue(captureRedact))
            {
                Set("K2VV:Capture:Redact", true);
            }

            Set("K2VV:Shadow:SampleRate", parseResult.GetValue(shadowRate));
            Set("K2VV:Shadow:UpstreamBaseUrl", parseResult.GetValue(shadowUpstream));
            var shadowModelEntries = parseResult.GetValue(shadowModels) ?? [];
            if (ShadowModelMap.TryParse(shadowModelEntries, new Dictionary<string, string>(StringComparer.Ordinal)) is { } shadowModelError)
            {
                await Console.Error.WriteLineAsync($"k2vv serve: {shadowModelError}").ConfigureAwait(false);
                return 2;
            }

            for (var index = 0; index < shadowModelEntries.Length; index++)
            {
                Set($"K2VV:Shadow:ModelMapEntries:{index}", shadowModelEntries[index]);
            }

            var models = parseResult.GetValue(modelLabels) ?? [];
            for (var index = 0; index < models.Length; index++)
            {
                Set($"K2VV:Models:{index}", models[index]);
            }

            return await RunAsync(settings, parseResult.GetValue(config), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> settings, string? configFile, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = ProxyHost.Build(settings, configFile);
            await ((IHost)app).RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"k2vv serve: {failure}").ConfigureAwait(false);
            }

            return 2;
        }
        catch (FileNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"k2vv serve: configuration file not found: {ex.FileName}; check the --config path.").ConfigureAwait(false);
            return 2;
        }
        catch (IOException ex)
        {
            // Kestrel reports an address already in use this way.
            await Console.Error.WriteLineAsync($"k2vv serve: cannot listen: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
