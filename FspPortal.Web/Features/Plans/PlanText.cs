using System.Globalization;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Plans;

/// <summary>How a plan's dates, addresses and people read: one wording for the overview, a review and the printout.</summary>
public static class PlanText
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? day) => day?.ToString("d MMMM yyyy", British) ?? "";

    public static string Address(Address? a) =>
        a is null ? "Not known" : string.Join(", ", new[] { a.Line1, a.Line2, a.Town, a.Postcode }.Where(x => !string.IsNullOrWhiteSpace(x)));

    public static string Parent(ParentCarer? p, ReferenceSnapshot reference) =>
        p is null ? "" : $"{p.Name} ({reference.Label(ReferenceLists.Relationships, p.RelationshipCode)}), {Address(p.Address)}";

    /// <summary>"Jane Smith (Mum), Sam Hughes (FSP Coordinator)", or "Nobody".</summary>
    public static string People(IEnumerable<ReviewAttendee> people)
    {
        var list = people.Select(p => p.Role is null ? p.Name : $"{p.Name} ({p.Role})").ToList();
        return list.Count == 0 ? "Nobody" : string.Join(", ", list);
    }
}
