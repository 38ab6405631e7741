using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Slows password guessing without letting a stranger lock anyone out. Failures are counted per typed email address,
/// whether or not an account uses it (so the answer never tells which addresses are real). After
/// <see cref="SecurityOptions.MaxFailedAttempts"/> failures in a row, each further try for that address must wait:
/// 1 minute, then 2, 4, 8, … up to <see cref="SecurityOptions.LockoutMinutes"/>. The right password resets the count.
/// Identity's hard lock is kept only for wrong emailed codes, which only someone holding the password can cause.
/// Held in memory: a restart forgets it, which only gives a guesser a few more tries.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SecurityOptions> options)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset WaitUntil);

    /// <summary>How long the address must still wait before a password is checked for it (zero when it need not).</summary>
    public TimeSpan WaitFor(string email)
    {
        if (!entries.TryGetValue(Key(email), out var entry)) return TimeSpan.Zero;
        var wait = entry.WaitUntil - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    public void RecordFailure(string email)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        entries.AddOrUpdate(Key(email),
            _ => Next(0),
            (_, old) => Next(old.Failures));
        if (entries.Count > PruneAbove) Prune(now);

        Entry Next(int failuresBefore)
        {
            var failures = failuresBefore + 1;
            var beyond = failures - Math.Max(1, settings.MaxFailedAttempts);
            if (beyond < 0) return new Entry(failures, now, now);
            var minutes = Math.Min(Math.Pow(2, Math.Min(beyond, 20)), Math.Max(1, settings.LockoutMinutes));
            return new Entry(failures, now, now + TimeSpan.FromMinutes(minutes));
        }
    }

    public void Reset(string email) => entries.TryRemove(Key(email), out _);

    private void Prune(DateTimeOffset now)
    {
        // An address quiet for a day starts afresh.
        foreach (var (key, entry) in entries)
            if (now - entry.LastFailure > TimeSpan.FromDays(1)) entries.TryRemove(key, out _);
    }

    private static string Key(string email) => email.Trim().ToUpperInvariant();

    /// <summary>The words shown while an address waits: the same for every address, real or not.</summary>
    public static string WaitMessage(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return $"There have been too many tries for this email address. Please wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again, or reset your password.";
    }
}
