using Bunit;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace FspPortal.Tests.Components;

[Trait("Category", "Component")]
public sealed class RequestAccessFormTests : PortalComponentTest
{
    public RequestAccessFormTests() => UseAppService<AccessRequestService>();

    [Fact]
    public async Task Sending_an_empty_form_shows_each_message_next_to_its_field_and_in_the_summary_and_stores_nothing()
    {
        var cut = Render<RequestAccess>();
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Send request")).ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var summary = cut.Find("[role=alert].error-summary");
            Assert.Contains("Enter your full name.", summary.TextContent);
            Assert.Contains("Enter a work phone number.", summary.TextContent);
        });
        var fieldErrors = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Enter your full name.", fieldErrors);
        Assert.Contains("Enter your work email address.", fieldErrors);
        Assert.Contains("Enter your agency, for example School or Health Visitor.", fieldErrors);
        Assert.Contains("Enter your role or job title.", fieldErrors);
        Assert.Contains("Enter a work phone number.", fieldErrors);

        await using var db = await Portal.CreateDbContextAsync();
        Assert.Empty(await db.AccessRequests.ToListAsync());
    }

    [Fact]
    public async Task A_phone_number_that_is_not_one_is_explained_and_what_was_typed_stays()
    {
        var cut = Render<RequestAccess>();
        var root = (IRenderedComponent<IComponent>)(object)cut;
        await InputLabelled(root, "Full name").InputAsync(new ChangeEventArgs { Value = "Sam Hughes" });
        await InputLabelled(root, "Work phone").InputAsync(new ChangeEventArgs { Value = "call me" });
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Send request")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("A phone number may hold digits", cut.Find("[role=alert].error-summary").TextContent));
        Assert.Equal("Sam Hughes", InputLabelled(root, "Full name").GetAttribute("value"));
    }

    [Fact]
    public async Task A_complete_request_is_stored_for_the_admins_and_thanked()
    {
        var cut = Render<RequestAccess>();
        var root = (IRenderedComponent<IComponent>)(object)cut;
        await InputLabelled(root, "Full name").InputAsync(new ChangeEventArgs { Value = "Sam Hughes" });
        await InputLabelled(root, "Work email").InputAsync(new ChangeEventArgs { Value = "sam@school.example.org" });
        await InputLabelled(root, "Agency").InputAsync(new ChangeEventArgs { Value = "School" });
        await InputLabelled(root, "Role").InputAsync(new ChangeEventArgs { Value = "Pastoral lead" });
        await InputLabelled(root, "Work phone").InputAsync(new ChangeEventArgs { Value = "023 9268 8000 ext. 123" });
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Send request")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Your request has gone to the FSP Portal administrators", cut.Markup));
        await using var db = await Portal.CreateDbContextAsync();
        var stored = Assert.Single(await db.AccessRequests.ToListAsync());
        Assert.Equal(("Sam Hughes", "sam@school.example.org", "Pastoral lead"), (stored.FullName, stored.Email, stored.JobTitle));
    }
}
