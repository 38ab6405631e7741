using System.Collections.Concurrent;
using System.Text.Json;
using FspPortal.Tests.Support;
using FspPortal.Web.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>The SendGrid sender for real: the SendGrid client posts to a local HTTP listener standing in for the API.</summary>
[Trait("Category", "Integration")]
public sealed class SendGridEmailTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Authorization, string Body)> received = new();
    private WebApplication fakeSendGrid = default!;
    private string host = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fakeSendGrid = builder.Build();
        fakeSendGrid.MapPost("/v3/mail/send", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.Enqueue((request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            return Results.Accepted();
        });
        await fakeSendGrid.StartAsync();
        host = fakeSendGrid.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await fakeSendGrid.DisposeAsync();

    [Fact]
    public async Task With_an_api_key_the_sign_in_code_goes_to_sendgrid_as_text_and_html()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Email:SendGridApiKey"] = "SG.test-key", ["Email:SendGridHost"] = host, ["Email:FromAddress"] = "fsp@council.example.org",
        });
        Assert.IsType<SendGridEmailTransport>(portal.Services.GetRequiredService<IEmailTransport>());
        await portal.CreateUserAsync("pat@school.example.org", "correct horse battery staple");

        var afterPassword = await SignIn.PasswordAsync(portal.CreatePortalClient(), "pat@school.example.org", "correct horse battery staple");
        Assert.StartsWith("/Account/LoginWithCode", afterPassword.Location());

        await Eventually.TrueAsync(() => !received.IsEmpty, "the sign-in code to reach SendGrid");
        var (authorization, body) = Assert.Single(received);
        Assert.Equal("Bearer SG.test-key", authorization);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("fsp@council.example.org", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("pat@school.example.org", root.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        var personalization = root.GetProperty("personalizations")[0];
        var subject = personalization.TryGetProperty("subject", out var s) ? s : root.GetProperty("subject"); // the helper puts it per recipient
        Assert.Equal("Your FSP Portal sign-in code", subject.GetString());
        var contents = root.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Matches(@"Your sign-in code is \d{6}\.", contents["text/plain"]);
        Assert.Contains("<strong", contents["text/html"]);
        Assert.False(root.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        await Eventually.TrueAsync(() => portal.Services.GetRequiredService<LocalMailbox>().ReadAll("pat@school.example.org").Count == 1, "the email to be marked sent");
    }

    [Fact]
    public async Task A_refusal_from_sendgrid_is_an_error_not_a_silent_loss()
    {
        await using var refusing = WebApplication.CreateSlimBuilder().Build();
        refusing.Urls.Add("http://127.0.0.1:0");
        refusing.MapPost("/v3/mail/send", () => Results.Json(new { errors = new[] { new { message = "bad key" } } }, statusCode: 401));
        await refusing.StartAsync();
        var refusingHost = refusing.Urls.First();

        var sender = new SendGridEmailTransport(Microsoft.Extensions.Options.Options.Create(new EmailOptions { SendGridApiKey = "SG.bad", SendGridHost = refusingHost }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SendGridEmailTransport>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.DeliverAsync(new EmailMessage("a@example.org", "s", "t", "<p>t</p>"), CancellationToken.None));
        Assert.Contains("401", error.Message);
    }
}
