using System.Text.Json;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Loads the JSON Lines files under TestData, copied next to the test assembly.</summary>
internal static class TestData
{
    public static IReadOnlyList<JsonElement> Lines(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", fileName);
        return File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
    }

    /// <summary>Finds the repository root (the folder with K2VV.Proxy.sln) from the test assembly's folder.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "K2VV.Proxy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("K2VV.Proxy.sln not found above the test assembly.");
    }
}
