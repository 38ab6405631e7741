using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;

namespace FspPortal.Web.Features.Plans;

/// <summary>My FSP's columns as people read them: the grid shows these texts and the export writes the same.</summary>
public static class MyFspColumns
{
    public static readonly IReadOnlyList<string> Headers =
        ["Reference", "Child", "Date of birth", "Postcode", "Family name", "Status", "Coordinator", "Last review", "Next review"];

    public static IReadOnlyList<string?> Cells(PlanRow p) =>
        [Reference(p), ChildName(p), Date(p.DateOfBirth), Postcode(p.Postcode), p.FamilyName, StatusText(p.Status), p.Coordinator, LastReview(p), Date(p.NextReview)];

    public static string Reference(PlanRow p) => p.Reference ?? "pending";
    public static string ChildName(PlanRow p) => string.IsNullOrWhiteSpace(p.ChildFirstName + p.ChildLastName) ? "Not named yet" : $"{p.ChildFirstName} {p.ChildLastName}";
    public static string Postcode(string? p) => p is { Length: > 3 } ? $"{p[..^3]} {p[^3..]}" : p ?? "";
    public static string StatusText(PlanStatus s) => s switch { PlanStatus.Draft => "In progress", PlanStatus.Completed => "Completed", _ => "Closed" };
    public static string LastReview(PlanRow p) => p.LastReviewUtc is { } r ? UkTime.ToUk(r).ToString("dd/MM/yyyy") : "None yet";
    public static string Date(DateOnly? day) => day?.ToString("dd/MM/yyyy") ?? "";
}
