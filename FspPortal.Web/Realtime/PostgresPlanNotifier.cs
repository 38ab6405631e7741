using System.Text.Json;
using Npgsql;

namespace FspPortal.Web.Realtime;

/// <summary>
/// Live updates across servers on PostgreSQL. A change is published with NOTIFY on one channel; every server LISTENs
/// on one connection of its own and hands what it hears to its own open pages (<see cref="InMemoryPlanNotifier"/>), its
/// own changes included, so each page hears each change once. The dispatcher publishes after the change's commit, so a
/// rolled-back change is never heard. When the listening connection drops, the server listens again and tells every
/// open page to reload (<see cref="PlanChangeKind.Resync"/>): it may have missed changes meanwhile.
/// </summary>
public sealed class PostgresPlanNotifier(InMemoryPlanNotifier local, string connectionString, ILogger<PostgresPlanNotifier> logger)
    : BackgroundService, IPlanNotifier
{
    public const string Channel = "fsp_plan_changes";
    public const string PresenceChannel = "fsp_presence";

    // A NOTIFY payload holds under 8,000 bytes: at most this many user ids (36 characters each) go in one message.
    private const int UsersPerMessage = 150;

    /// <summary>This server's listening connection, as pg_stat_activity shows it (application_name).</summary>
    public string ListenerName { get; } = $"fsp-live-{Guid.NewGuid():N}-{Environment.MachineName}" is var name && name.Length > 60 ? name[..60] : name;

    private string ListenConnectionString => new NpgsqlConnectionStringBuilder(connectionString)
    {
        KeepAlive = 15, // a silently dropped connection is noticed within seconds, not at the next change
        Pooling = false,
        ApplicationName = ListenerName,
    }.ToString();

    /// <summary>How many times this server has started listening (1 after start, more after reconnections).</summary>
    public int ListeningCount { get; private set; }

    public IDisposable Subscribe(string userId, Func<PlanChange, Task> onChange) => local.Subscribe(userId, onChange);

    public IDisposable ListenForPresence(Func<IReadOnlyList<PresenceSignal>, Task> onSignals) => local.ListenForPresence(onSignals);

    /// <summary>Presence goes to every server through NOTIFY (this one hears its own, as with changes), a few signals a message.</summary>
    public async Task SendPresenceAsync(IReadOnlyList<PresenceSignal> signals)
    {
        if (signals.Count == 0) return;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var chunk in signals.Chunk(20)) // a signal is at most ~350 bytes: 20 stay well under NOTIFY's 8,000
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection)
            {
                Parameters = { new() { Value = PresenceChannel }, new() { Value = JsonSerializer.Serialize(chunk) } },
            };
            await notify.ExecuteNonQueryAsync();
        }
    }

    public async Task NotifyAsync(PlanChange change, IEnumerable<string> userIds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var payload in Payloads(change, userIds))
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection)
            {
                Parameters = { new() { Value = Channel }, new() { Value = payload } },
            };
            await notify.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Every message in one transaction, sent in batches of commands: a night's numbering of 100,000 plans was 100,000
    /// round trips and commits (about 25 s) when each change went alone. Listeners hear them all at the commit.
    /// </summary>
    public async Task NotifyManyAsync(IEnumerable<(PlanChange Change, IReadOnlyList<string> UserIds)> changes)
    {
        var payloads = changes.SelectMany(c => Payloads(c.Change, c.UserIds));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var chunk in payloads.Chunk(1000))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var payload in chunk)
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Channel }, new() { Value = payload } } });
            await batch.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>The messages that carry one change to its users, each under NOTIFY's payload limit.</summary>
    private static IEnumerable<string> Payloads(PlanChange change, IEnumerable<string> userIds) =>
        userIds.Distinct().Chunk(UsersPerMessage).Select(users => JsonSerializer.Serialize(new Message(change.PlanId, change.Kind, users)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListenConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, heard) =>
                {
                    if (heard.Channel == PresenceChannel) DeliverPresence(heard.Payload);
                    else Deliver(heard.Payload);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {PresenceChannel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                wait = TimeSpan.FromSeconds(1);
                if (++ListeningCount > 1)
                {
                    logger.LogInformation("Listening for live updates again; open pages reload what they show.");
                    await local.NotifyEveryoneAsync(new PlanChange(Guid.Empty, PlanChangeKind.Resync));
                }
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Lost the live-update connection to PostgreSQL; listening again in {Seconds} s.", wait.TotalSeconds);
                try { await Task.Delay(wait, stoppingToken); } catch (OperationCanceledException) { return; }
                wait = TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds * 2, 30));
            }
        }
    }

    private void Deliver(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>(payload)!;
            _ = local.NotifyAsync(new PlanChange(message.PlanId, message.Kind), message.Users);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A live update could not be read and was dropped.");
        }
    }

    private void DeliverPresence(string payload)
    {
        try
        {
            _ = local.SendPresenceAsync(JsonSerializer.Deserialize<PresenceSignal[]>(payload)!);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A presence signal could not be read and was dropped.");
        }
    }

    private sealed record Message(Guid PlanId, PlanChangeKind Kind, string[] Users);
}
