using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>
/// No account enumeration: sign-in, forgotten password, set-password links and access requests answer a real account,
/// an unknown address and a deactivated account alike (status, words, and time within noise). The security review
/// saw ~324 ms for a real account against ~31 ms for an unknown one, and a lock anyone could trigger.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class EnumerationTests : IAsyncLifetime
{
    private const string Real = "pat@school.example.org";
    private const string Deactivated = "gone@school.example.org";
    private const string Unknown = "nobody@school.example.org";
    private const string Password = "correct horse battery staple";
    private PortalFactory portal = default!;

    public async Task InitializeAsync()
    {
        // Enough tries per address to time 20 of each without the wait between tries starting.
        portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Security:MaxFailedAttempts"] = "1000" });
        await portal.CreateUserAsync(Real, Password);
        var gone = await portal.CreateUserAsync(Deactivated, Password);
        var admin = await portal.CreateUserAsync("admin@council.example.org", "quiet river lantern meadow", "Ada Admin", admin: true);
        await portal.Services.GetRequiredService<AdminUserService>().SetActiveAsync(gone.Id, false, new Actor(admin.Id, admin.Email));
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_is_answered_alike_for_real_unknown_and_deactivated_accounts()
    {
        var answers = new List<string>();
        foreach (var (email, password) in new[] { (Real, "wrong guess"), (Unknown, "wrong guess"), (Deactivated, "wrong guess"), (Deactivated, Password) })
        {
            var response = await SignIn.PasswordAsync(portal.CreatePortalClient(), email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(password, html); // a password is never written back into the page
            answers.Add(Comparable(html, email));
        }
        Assert.Contains("email address or password is not right", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Empty(portal.Outbox.ReadAll(Deactivated));
    }

    [Fact]
    public async Task A_wrong_password_takes_as_long_for_an_unknown_address_as_for_a_real_one()
    {
        var client = portal.CreatePortalClient();
        // Warm up both paths (the first hash, the first query plans).
        await SignIn.PasswordAsync(client, Real, "wrong guess");
        await SignIn.PasswordAsync(client, Unknown, "wrong guess");

        var real = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            real.Add(await TimeAsync(() => SignIn.PasswordAsync(client, Real, "wrong guess " + i)));
            unknown.Add(await TimeAsync(() => SignIn.PasswordAsync(client, Unknown, "wrong guess " + i)));
        }
        var (realMedian, unknownMedian) = (Median(real), Median(unknown));
        // Before the dummy hash the unknown address answered ~10× faster; now both do the same hashing work.
        Assert.True(unknownMedian * 2 >= realMedian && realMedian * 2 >= unknownMedian,
            $"median {realMedian:F0} ms for a real account against {unknownMedian:F0} ms for an unknown address");
    }

    [Fact]
    public async Task Forgotten_password_answers_alike_and_emails_only_the_active_account()
    {
        var answers = new List<string>();
        foreach (var email in new[] { Real, Unknown, Deactivated })
        {
            var response = await portal.CreatePortalClient().SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(Comparable(await response.Content.ReadAsStringAsync(), email));
        }
        Assert.Contains("If an active account uses that email address", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));

        await portal.LatestEmailAsync(Real, "Reset your FSP Portal password");
        // The worker handles requests in order, so once the last one is audited the others have been too.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await portal.CreateDbContextAsync();
            return await db.AuditEntries.CountAsync(a => a.Action == AuditActions.PasswordResetRequested) == 3;
        }, "the three reset requests to be handled");
        Assert.Empty(portal.Outbox.ReadAll(Unknown));
        Assert.Empty(portal.Outbox.ReadAll(Deactivated));
    }

    [Fact]
    public async Task A_bad_set_password_link_reads_the_same_for_a_real_account_and_an_unknown_one()
    {
        await using var db = await portal.CreateDbContextAsync();
        var realId = (await db.Users.SingleAsync(u => u.Email == Real)).Id;
        var client = portal.CreatePortalClient();
        var forReal = await client.GetAsync($"/Account/ResetPassword?userId={realId}&token=bm90LWEtdG9rZW4");
        var forNobody = await client.GetAsync($"/Account/ResetPassword?userId={Guid.NewGuid()}&token=bm90LWEtdG9rZW4");
        Assert.Equal(forReal.StatusCode, forNobody.StatusCode);
        Assert.Equal(Comparable(await forReal.Content.ReadAsStringAsync(), realId), Comparable(await forNobody.Content.ReadAsStringAsync(), ""));
    }

    [Fact]
    public async Task Asking_for_access_again_stores_nothing_new_and_the_receipt_carries_none_of_the_form_text()
    {
        var requests = portal.Services.GetRequiredService<AccessRequestService>();
        var model = new AccessRequestModel
        {
            FullName = "Win a prize at evil example", Email = "target@example.org", Agency = "Click here", JobTitle = "Spam", Phone = "023 9268 8000",
            Reason = "Visit evil.example now",
        };
        Assert.True((await requests.SubmitAsync(model)).Succeeded);
        Assert.True((await requests.SubmitAsync(model)).Succeeded);
        Assert.True((await requests.SubmitAsync(model)).Succeeded);

        Assert.Single(await requests.PendingAsync());
        var receipt = Assert.Single(portal.Outbox.ReadAll("target@example.org"));
        Assert.DoesNotContain("prize", receipt.TextBody + receipt.HtmlBody);
        Assert.DoesNotContain("evil", receipt.TextBody + receipt.HtmlBody);
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var watch = Stopwatch.StartNew();
        var response = await request();
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2] + sorted[(sorted.Count - 1) / 2]) / 2;
    }

    /// <summary>The page without what legitimately differs: the protected (random) antiforgery and component-state values, and the address typed in.</summary>
    private static string Comparable(string html, string typed)
    {
        var withoutToken = AntiforgeryValue().Replace(html, "");
        return typed.Length == 0 ? withoutToken : withoutToken.Replace(typed, "(typed)");
    }

    [GeneratedRegex("CfDJ8[A-Za-z0-9+/=_-]*")]
    private static partial Regex AntiforgeryValue();
}
