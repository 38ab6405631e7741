namespace FspPortal.Web.Data;

/// <summary>
/// One portal process per SQLite data folder. A second process on the same folder would run a second, unclustered job
/// scheduler (Quartz warns that this fires jobs twice and corrupts its tables) and its own live updates, which the first
/// never sees. The portal holds <c>portal.lock</c> in the data folder exclusively while it runs (the operating system
/// lets it go if the process dies) and a second start is refused with a sentence.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "portal.lock";
    private const string OwnerFileName = "portal.lock.owner";
    private readonly FileStream held;

    private DataFolderLock(FileStream held) => this.held = held;

    /// <summary>The lock, or null with the sentence to print when another process holds it.</summary>
    public static DataFolderLock? TryAcquire(string dataDirectory, out string? refusal)
    {
        Directory.CreateDirectory(dataDirectory);
        var owner = Path.Combine(dataDirectory, OwnerFileName);
        try
        {
            // FileShare.None is an exclusive lock on the file (flock on Linux), held until the stream is closed.
            var stream = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(owner, $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
            refusal = null;
            return new DataFolderLock(stream);
        }
        catch (IOException)
        {
            var who = File.Exists(owner) ? $" ({File.ReadAllText(owner).Trim()})" : "";
            refusal = $"FSP Portal did not start: another FSP Portal is running on the data folder {dataDirectory}{who}. One data " +
                      "folder serves one portal process; two would each run the nightly jobs and their own live updates. Stop the " +
                      "other one, or give this one its own Storage:DataDirectory.";
            return null;
        }
    }

    public void Dispose() => held.Dispose();
}
