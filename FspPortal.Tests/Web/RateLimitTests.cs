using System.Net;
using FspPortal.Tests.Support;

namespace FspPortal.Tests.Web;

/// <summary>
/// Rate limits on what strangers can post and on the emails they can cause: the review saw forgot-password send a
/// real user 6 emails in a second, and nothing limit sign-in posts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RateLimitTests
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Beyond_the_limit_anonymous_posts_get_a_readable_429_page_and_signed_in_people_are_not_limited()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Security:AnonymousPostsPerMinute"] = "4", ["Security:MaxFailedAttempts"] = "100",
        });
        await portal.CreateUserAsync(Email, Password);
        var client = portal.CreatePortalClient();
        // Password then code: two posts.
        await SignIn.CompleteAsync(portal, client, Email, Password);

        var stranger = portal.CreatePortalClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignIn.PasswordAsync(stranger, "someone@example.org", "guess " + i)).StatusCode);
        var refused = await SignIn.PasswordAsync(stranger, "someone@example.org", "one guess too many");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Too many tries</h1>", page);
        Assert.Contains("Please wait a minute", page);
        Assert.Contains("Content-Security-Policy", string.Join(",", refused.Headers.Select(h => h.Key)));

        // The same network's forgotten-password form is refused too; a signed-in person posting is not.
        var forgot = await stranger.SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = Email });
        Assert.Equal(HttpStatusCode.TooManyRequests, forgot.StatusCode);
        var signOut = await SignIn.SignOutAsync(client);
        Assert.Equal("/Account/SignedOut", signOut.Location());
    }

    [Fact]
    public async Task One_address_gets_at_most_the_hourly_number_of_reset_emails_however_often_it_is_asked_for()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Security:AccountEmailsPerHour"] = "2" });
        await portal.CreateUserAsync(Email, Password);
        var client = portal.CreatePortalClient();
        for (var i = 0; i < 6; i++)
        {
            var answer = await client.SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = Email });
            Assert.Contains("If an active account uses that email address", await answer.Content.ReadAsStringAsync());
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var db = await portal.CreateDbContextAsync();
            return db.AuditEntries.Count(a => a.Action == FspPortal.Web.Features.Audit.AuditActions.PasswordResetRequested) == 6;
        }, "six reset requests to be handled");
        Assert.Equal(2, portal.Outbox.ReadAll(Email).Count(e => e.Subject.Contains("Reset your FSP Portal password")));
        await using var audit = await portal.CreateDbContextAsync();
        Assert.Equal(4, audit.AuditEntries.Count(a => a.Details == "too many emails to this address this hour"));
    }
}
