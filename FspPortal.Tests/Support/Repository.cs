namespace FspPortal.Tests.Support;

/// <summary>The repository's root folder (the one holding FspPortal.Blazor.sln), found from the test's output folder.</summary>
public static class Repository
{
    public static readonly string Root = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FspPortal.Blazor.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException($"No FspPortal.Blazor.sln above {AppContext.BaseDirectory}");
    }
}
