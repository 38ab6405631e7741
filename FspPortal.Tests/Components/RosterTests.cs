using System.Security.Claims;
using Bunit;
using FspPortal.Web.Features.Admin;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FspPortal.Tests.Components;

[Trait("Category", "Component")]
public sealed class RosterTests : PortalComponentTest
{
    public RosterTests()
    {
        UseAppService<AdminUserService>();
        UseAppService<FspPortal.Web.Features.Reference.ReferenceData>(); // the agencies a manager may be limited to
        var auth = AddAuthorization();
        auth.SetAuthorized("ada@council.example.org");
        auth.SetRoles(FspPortal.Web.Data.Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "admin-id"));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 1; i <= 30; i++)
            await Portal.CreateUserAsync($"person{i:00}@school.example.org", "a perfectly long passphrase", $"Person {i:00} Example");
        await Portal.CreateUserAsync("sam.hughes@school.example.org", "a perfectly long passphrase", "Sam Hughes");
    }

    private IRenderedComponent<Users> RenderRoster()
    {
        Render<MudPopoverProvider>();
        return Render<Users>();
    }

    [Fact]
    public void The_roster_shows_a_page_of_users_with_their_details_and_the_total()
    {
        var cut = RenderRoster();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("tbody tr.mud-table-row").Count), TimeSpan.FromSeconds(10));

        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        foreach (var column in new[] { "Name", "Email", "Agency", "Roles", "Active", "Last sign-in" })
            Assert.Contains(headers, h => h.StartsWith(column));
        Assert.Contains("1-25 of 31", cut.Markup);
        var first = cut.FindAll("tbody tr.mud-table-row")[0].TextContent;
        Assert.Contains("Person 01 Example", first);
        Assert.Contains("person01@school.example.org", first);
        Assert.Contains("Practitioner", first);
        Assert.Contains("Active", first);
        Assert.Contains("Never", first);
    }

    [Fact]
    public async Task Searching_narrows_the_roster_in_the_database()
    {
        var cut = RenderRoster();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("tbody tr.mud-table-row").Count), TimeSpan.FromSeconds(10));

        var root = (IRenderedComponent<IComponent>)(object)cut;
        await InputLabelled(root, "Search users").InputAsync(new ChangeEventArgs { Value = "hughes" });

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("tbody tr.mud-table-row");
            var row = Assert.Single(rows);
            Assert.Contains("sam.hughes@school.example.org", row.TextContent);
        }, TimeSpan.FromSeconds(10));
    }
}
