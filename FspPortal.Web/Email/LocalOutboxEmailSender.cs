using System.Text.Json;
using FspPortal.Web.Data;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Email;

/// <summary>One stored email of the local outbox.</summary>
public sealed record OutboxEmail(string Id, DateTime SentUtc, string From, string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// The default sender: writes each message as a JSON file in the outbox folder under the data folder,
/// so the portal can be tried without any email account (the Development Outbox page reads them).
/// </summary>
public sealed class LocalOutboxEmailSender(OutboxFolder folder, IOptions<EmailOptions> options, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = $"{now:yyyyMMddTHHmmssfffffff}-{Guid.NewGuid():N}";
        var email = new OutboxEmail(id, now, options.Value.FromAddress, message.To, message.Subject, message.TextBody, message.HtmlBody);
        Directory.CreateDirectory(folder.Path);
        var tempPath = System.IO.Path.Combine(folder.Path, id + ".tmp");
        await File.WriteAllTextAsync(tempPath, JsonSerializer.Serialize(email), cancellationToken);
        File.Move(tempPath, System.IO.Path.Combine(folder.Path, id + ".json")); // readers never see half a file
    }
}

/// <summary>The outbox folder (<c>outbox</c> under <c>Storage:DataDirectory</c>) and reading it back.</summary>
public sealed class OutboxFolder(string path)
{
    public string Path { get; } = path;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OutboxEmail> ReadAll(string? to = null)
    {
        if (!Directory.Exists(Path)) return [];
        return Directory.EnumerateFiles(Path, "*.json")
            .OrderByDescending(f => System.IO.Path.GetFileName(f), StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<OutboxEmail>(File.ReadAllText(f))!)
            .Where(e => to is null || string.Equals(e.To, to, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    public static OutboxFolder Under(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, "outbox"));
}
