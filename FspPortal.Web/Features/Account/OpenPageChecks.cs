using System.Security.Claims;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Answers every open page's periodic "is my person still signed in?" (<see cref="RevalidatingAuthenticationStateProvider"/>):
/// active, same security stamp, session live. Asked one page at a time, 5,000 open pages made 500 queries a second on an
/// idle server; here the questions arriving within <see cref="Window"/> are answered together, with one query for the
/// people and one for their sessions, so the cost follows time, not the number of open pages.
/// </summary>
public sealed class OpenPageChecks(IDbContextFactory<FspDbContext> dbFactory, SessionStore sessions, IOptions<IdentityOptions> identityOptions,
    ILogger<OpenPageChecks> logger)
{
    /// <summary>How long a question waits for others to share its query. Small against the revalidation interval.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    private readonly Lock gate = new();
    private List<(Question Question, TaskCompletionSource<bool> Answer)>? waiting;

    private sealed record Question(string? UserId, string? Stamp, string? SessionKey);

    public Task<bool> IsStillSignedInAsync(ClaimsPrincipal principal)
    {
        var question = new Question(principal.FindFirstValue(ClaimTypes.NameIdentifier),
            principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType), principal.FindFirstValue(SessionStore.SessionClaim));
        if (question.UserId is null || question.SessionKey is null) return Task.FromResult(false);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (waiting is null)
            {
                waiting = [];
                _ = AnswerAfterWindowAsync();
            }
            waiting.Add((question, answer));
        }
        return answer.Task;
    }

    private async Task AnswerAfterWindowAsync()
    {
        await Task.Delay(Window);
        List<(Question Question, TaskCompletionSource<bool> Answer)> batch;
        lock (gate)
        {
            batch = waiting!;
            waiting = null;
        }
        try
        {
            var userIds = batch.Select(b => b.Question.UserId!).Distinct().ToList();
            var keys = batch.Select(b => b.Question.SessionKey!).Distinct().ToList();
            await using var db = await dbFactory.CreateDbContextAsync();
            var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.IsActive, u.SecurityStamp }).ToDictionaryAsync(u => u.Id);
            var live = await sessions.LiveKeysAsync(db, keys);
            foreach (var (question, answer) in batch)
                answer.TrySetResult(people.TryGetValue(question.UserId!, out var person) && person.IsActive
                                    && person.SecurityStamp == question.Stamp && live.Contains(question.SessionKey!));
        }
        catch (Exception ex)
        {
            // Each page's check fails as a single query's failure did before: the base provider logs it.
            logger.LogWarning(ex, "Could not re-check {Count} open pages' sign-ins.", batch.Count);
            foreach (var (_, answer) in batch) answer.TrySetException(ex);
        }
    }
}
