using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Outcomes;

namespace FspPortal.Tests.Outcomes;

/// <summary>
/// A small council with outcomes counted by hand, in the last whole quarter (<see cref="Quarter"/>, from day F):
/// <list type="bullet">
/// <item>P1 (School, Sam): started F+9, closed F+50 — housing yes, education partly.</item>
/// <item>P2 (School, Sam): started F+14, open — housing.</item>
/// <item>P3 (Family Hub, Bea): started F−60, closed F+70 — housing no, financial stability yes.</item>
/// <item>P4 (Family Hub, Bea): closed F−180 — health yes; its 6-month check at F+31: not sustained.</item>
/// <item>P5 (School, Sam): closed F−170 — housing yes; its 6-month check at F+45: sustained.</item>
/// <item>P6 (School, Sam): a draft (never counted).</item>
/// </list>
/// Every child is called something no page of the manager's may show.
/// </summary>
public sealed class OutcomeCouncil
{
    public const string Password = "tangerine bicycle under moonlight";
    public static readonly string[] ChildSurnames = ["Quillfeather", "Marchbanks", "Pennywhistle", "Thistledown", "Brambleworth", "Copperkettle"];

    public Quarter Quarter { get; } = OutcomePeriods.Recent(UkTime.Today(TimeProvider.System))[1];
    public ApplicationUser Sam { get; private set; } = default!;
    public ApplicationUser Bea { get; private set; } = default!;
    public Guid P1, P2, P3, P4, P5, P6;

    private DateTime Day(int offset) => Quarter.From.AddDays(offset).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

    public async Task SeedAsync(PortalFactory portal)
    {
        Sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        Bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Next", agency: "Family Hub");
        P1 = await portal.AddAsync(Closed(Sam.Id, "school", ChildSurnames[0], 9, ["housing", "education"], 50,
            [ProgressAtClosure.Yes, ProgressAtClosure.Partly]), reference: "FSP-000101");
        P2 = await portal.AddAsync(Started(Sam.Id, "school", ChildSurnames[1], 14, ["housing"]), reference: "FSP-000102");
        P3 = await portal.AddAsync(Closed(Bea.Id, "family-hub", ChildSurnames[2], -60, ["housing", "financial"], 70,
            [ProgressAtClosure.No, ProgressAtClosure.Yes]), reference: "FSP-000103");
        P4 = await portal.AddAsync(Checked(Closed(Bea.Id, "family-hub", ChildSurnames[3], -230, ["health"], -180, [ProgressAtClosure.Yes]), Bea.Id, 31, false),
            reference: "FSP-000104");
        P5 = await portal.AddAsync(Checked(Closed(Sam.Id, "school", ChildSurnames[4], -210, ["housing"], -170, [ProgressAtClosure.Yes]), Sam.Id, 45, true),
            reference: "FSP-000105");
        P6 = await portal.AddAsync(PlanBuilder.ReadyToFinish(Sam.Id, "Ada", ChildSurnames[5]).Build());
    }

    private Plan Started(string coordinator, string agency, string surname, int startedOn, string[] needs)
    {
        var plan = PlanBuilder.ReadyToFinish(coordinator, "Ada", surname).With(p =>
        {
            p.RecordConsent(p.Consent, p.Practitioner with { AgencyCode = agency }, PlanBuilder.Today);
            p.ChooseNeeds(needs, PlanBuilder.Aspects);
        }).Build();
        plan.Finish(PlanBuilder.Aspects, Day(startedOn), PlanBuilder.Today); // "today" only checks the next review (set by the builder) is later
        return plan;
    }

    private Plan Closed(string coordinator, string agency, string surname, int startedOn, string[] needs, int closedOn, ProgressAtClosure[] progress)
    {
        var plan = Started(coordinator, agency, surname, startedOn, needs);
        plan.Close(coordinator, "needs-met", null, ["needs-met"], Day(closedOn),
            [.. needs.Select((code, i) => new NeedOutcome(code, progress[i], progress[i] == ProgressAtClosure.No ? null : "Evidence on file"))]);
        return plan;
    }

    private Plan Checked(Plan plan, string coordinator, int checkedOn, bool sustained)
    {
        plan.RecordSustainedCheck(coordinator, [.. plan.NeedsToCheck.Select(code => new NeedSustained(code, sustained))], null, Day(checkedOn), UkTime.London);
        return plan;
    }
}
