using System.Runtime.InteropServices;

namespace FspPortal.Web.Data;

/// <summary>
/// The data folder holds children's records, their documents and the keys that protect sign-ins: only the account the
/// portal runs as may read it. On Linux and macOS the process's file-creation mask becomes 077 (every file the portal
/// creates from now on, SQLite's own included, is 0600 and every folder 0700), and what is already there is narrowed.
/// </summary>
public static class OwnerOnlyFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);

    public static void Apply(string dataDirectory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        SetUmask(0b000_111_111); // 077: nothing for group or others
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, FolderMode);
        foreach (var folder in Directory.EnumerateDirectories(dataDirectory, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(folder, FolderMode);
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, FileMode);
    }
}
