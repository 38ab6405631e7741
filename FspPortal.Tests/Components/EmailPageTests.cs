using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Outbox;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FspPortal.Tests.Components;

/// <summary>Admin → Email: what is waiting, sent and failed (with the reason), and "Retry now" for a failed email.</summary>
[Trait("Category", "Component")]
public sealed class EmailPageTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;

    public EmailPageTests()
    {
        UseAppService<EmailQueue>();
        UseAppService<OutboxDispatcher>();
        auth = AddAuthorization();
    }

    [Fact]
    public async Task A_failed_email_shows_its_reason_and_retry_now_sends_it_and_is_audited()
    {
        var admin = await Portal.CreateUserAsync("ada@council.example.org", "seven lanterns over the harbour", "Ada Admin", admin: true);
        auth.SetAuthorized(admin.Email!);
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.Id));
        long failedId;
        await using (var db = await Portal.CreateDbContextAsync())
        {
            var failed = new OutgoingEmail
            {
                To = "sam@school.example.org", Subject = "You have been added to a Family Support Plan", TextBody = "Hello", HtmlBody = "<p>Hello</p>",
                QueuedUtc = DateTime.UtcNow.AddDays(-4), NextAttemptUtc = DateTime.UtcNow.AddDays(-1), Status = EmailStatus.Failed, Attempts = 24,
                LastError = "The email could not be sent (SendGrid answered 401).",
            };
            db.OutgoingEmails.Add(failed);
            await db.SaveChangesAsync();
            failedId = failed.Id;
        }

        Render<MudPopoverProvider>();
        var cut = Render<EmailPage>();
        cut.WaitForAssertion(() => Assert.Contains("0 waiting, 0 sent, 1 failed.", cut.Find("[role=status]").TextContent));
        var row = cut.FindAll("tr").Single(r => r.TextContent.Contains("sam@school.example.org"));
        Assert.Contains("Failed after 24 attempts", row.TextContent);
        Assert.Contains("SendGrid answered 401", row.TextContent);

        await cut.Find("button[aria-label='Retry now: email to sam@school.example.org']").ClickAsync(new());

        // The local mailbox delivers it as soon as the dispatcher is woken.
        await Portal.LatestEmailAsync("sam@school.example.org", "added to a Family Support Plan");
        cut.WaitForAssertion(() => Assert.DoesNotContain("1 failed", cut.Find("[role=status]").TextContent));
        await using var check = await Portal.CreateDbContextAsync();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditActions.EmailRetried && a.TargetId == failedId.ToString() && a.ActorName == "Ada Admin (School)"));
    }
}
