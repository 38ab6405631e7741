using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

public sealed class AuditSearchTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_audit_log_is_searched_by_user_action_and_uk_date_newest_first()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            db.AuditEntries.AddRange(
                new AuditEntry { Action = AuditActions.SignInCode, ActorUserId = "u1", ActorEmail = "pat@school.example.org", OccurredUtc = new DateTime(2026, 7, 1, 8, 0, 0) },
                // 23:30 UTC on 1 July is 00:30 on 2 July in the UK (summer time).
                new AuditEntry { Action = AuditActions.SignInCode, ActorUserId = "u1", ActorEmail = "pat@school.example.org", OccurredUtc = new DateTime(2026, 7, 1, 23, 30, 0) },
                new AuditEntry { Action = AuditActions.AccountCreated, ActorUserId = "a1", ActorEmail = "ada@council.example.org", TargetType = "User", TargetId = "u1", OccurredUtc = new DateTime(2026, 6, 30, 9, 0, 0) });
            await db.SaveChangesAsync();
        }
        var queries = portal.Services.GetRequiredService<AuditQueries>();

        var (byEmail, total) = await queries.SearchAsync(new AuditSearch("pat@school", null, null, null), 0, 10);
        Assert.Equal(2, total);
        Assert.True(byEmail[0].OccurredUtc > byEmail[1].OccurredUtc);

        var (byId, _) = await queries.SearchAsync(new AuditSearch("u1", null, null, null), 0, 10);
        Assert.Equal(3, byId.Count); // as actor, and as the target of the account creation

        var (byAction, _) = await queries.SearchAsync(new AuditSearch(null, "account.created", null, null), 0, 10);
        Assert.Equal("ada@council.example.org", Assert.Single(byAction).ActorEmail);

        var (ukSecondOfJuly, _) = await queries.SearchAsync(new AuditSearch(null, null, new DateTime(2026, 7, 2), new DateTime(2026, 7, 2)), 0, 10);
        Assert.Equal(new DateTime(2026, 7, 1, 23, 30, 0), Assert.Single(ukSecondOfJuly).OccurredUtc);
    }
}
