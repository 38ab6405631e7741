using System.Net;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Plans;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FspPortal.Tests.Components;

/// <summary>
/// My FSP's table: rows in the page's first render (the prerendered HTML carries them; the grid it replaced read them only
/// after its first render), sorted and paged by the database, with headers that say how they sort.
/// </summary>
[Trait("Category", "Component")]
public sealed class MyFspTableTests : PortalComponentTest
{
    private const string Password = "tangerine bicycle under moonlight";
    private readonly BunitAuthorizationContext auth;

    public MyFspTableTests()
    {
        UseOverviewServices();
        UseAppService<PlanQueries>();
        Services.AddSingleton<Microsoft.AspNetCore.Components.NavigationManager>(new BunitNavigationManager(this));
        auth = AddAuthorization();
    }

    private async Task<string> SignedInWithPlansAsync(int plans, bool render = true)
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        // Surnames A01…A30, oldest first: the newest (A30) leads the default order.
        for (var i = 1; i <= plans; i++)
            await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-100 + i), firstName: "Child", lastName: $"A{i:00}", familyName: $"A{i:00}"));
        if (render) Render<MudPopoverProvider>();
        return sam.Id;
    }

    private static List<string> Surnames(IRenderedComponent<MyFsp> cut) =>
        [.. cut.FindAll(".plans-grid tbody tr").Select(tr => tr.QuerySelector("a")!.TextContent.Split(' ')[1])];

    [Fact]
    public async Task Pages_through_the_plans_sorts_by_a_header_and_says_how_it_sorts()
    {
        await SignedInWithPlansAsync(30);
        var cut = Render<MyFsp>();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll(".plans-grid tbody tr").Count));
        Assert.Equal("A30", Surnames(cut)[0]); // newest first
        Assert.Contains("1–25 of 30", cut.Find(".page-range").TextContent);
        Assert.True(cut.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        cut.Find("button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(["A05", "A04", "A03", "A02", "A01"], Surnames(cut)));
        Assert.Contains("26–30 of 30", cut.Find(".page-range").TextContent);
        Assert.True(cut.Find("button[aria-label='Next page']").HasAttribute("disabled"));

        // Sorting starts again at the first page, ascending, and the header says so; again turns it round.
        var child = cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child");
        Assert.Equal("none", child.GetAttribute("aria-sort"));
        child.QuerySelector("button")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("A01", Surnames(cut)[0]));
        Assert.Equal("ascending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child").GetAttribute("aria-sort"));
        Assert.Contains("1–25 of 30", cut.Find(".page-range").TextContent);
        cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child").QuerySelector("button")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("A30", Surnames(cut)[0]));
        Assert.Equal("descending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child").GetAttribute("aria-sort"));

        // Ten rows a page: the last page is the third.
        cut.Find("select#rows-per-page").Change("10");
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll(".plans-grid tbody tr").Count));
        cut.Find("button[aria-label='Last page']").Click();
        cut.WaitForAssertion(() => Assert.Contains("21–30 of 30", cut.Find(".page-range").TextContent));
        Assert.Equal("A10", Surnames(cut)[0]);
    }

    [Fact]
    public async Task On_a_phone_Sort_by_and_Order_sort_as_the_hidden_headers_would_and_follow_them()
    {
        await SignedInWithPlansAsync(30);
        var cut = Render<MyFsp>();
        cut.WaitForAssertion(() => Assert.Equal("A30", Surnames(cut)[0]));
        Assert.Equal("Updated", cut.Find("select#sort-by").GetAttribute("value"));
        Assert.Equal("descending", cut.Find("select#sort-order").GetAttribute("value"));
        Assert.Equal("sort-by", cut.FindAll("label").Single(l => l.TextContent == "Sort by").GetAttribute("for"));
        Assert.Equal("sort-order", cut.FindAll("label").Single(l => l.TextContent == "Order").GetAttribute("for"));

        cut.Find("select#sort-by").Change("Child");
        cut.WaitForAssertion(() => Assert.Equal("A30", Surnames(cut)[0])); // by child, still descending
        Assert.Equal("descending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child").GetAttribute("aria-sort"));
        cut.Find("select#sort-order").Change("ascending");
        cut.WaitForAssertion(() => Assert.Equal(["A01", "A02", "A03"], Surnames(cut).Take(3)));
        Assert.Equal("ascending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Child").GetAttribute("aria-sort"));

        // A header clicked (a wider screen) shows in the phone's choices too, and an unknown value changes nothing.
        cut.FindAll("th").Single(th => th.TextContent.Trim() == "Family name").QuerySelector("button")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("FamilyName", cut.Find("select#sort-by").GetAttribute("value")));
        Assert.Equal("ascending", cut.Find("select#sort-order").GetAttribute("value"));
        cut.Find("select#sort-by").Change("Nonsense");
        Assert.Equal("FamilyName", cut.Find("select#sort-by").GetAttribute("value"));
        Assert.Equal("A01", Surnames(cut)[0]);
    }

    [Fact]
    public async Task The_page_arrives_with_its_rows_in_the_first_HTML_not_after_a_second_round_trip()
    {
        await SignedInWithPlansAsync(2, render: false);
        var client = Portal.CreatePortalClient();
        await SignIn.CompleteAsync(Portal, client, "sam@school.example.org", Password);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("my-fsp"));
        Assert.Contains("Child A02", html);
        Assert.Contains("Child A01", html);
        Assert.Contains("1–2 of 2", html);
        Assert.Contains("aria-sort=\"none\"", html);
    }
}
