namespace FspPortal.Domain.Plans;

public enum PlanStatus { Draft = 0, Completed = 1, Closed = 2 }

public enum PlanRole { Coordinator = 0, TeamAroundFamily = 1 }

/// <summary>Text limits, stated on each field and checked (never silently truncated).</summary>
public static class TextLimits
{
    public const int Short = 200;
    public const int Long = 4000;
}

public sealed record Address(string? Line1, string? Line2, string? Town, string? Postcode)
{
    public static readonly Address Empty = new(null, null, null, null);
    public bool IsComplete => !string.IsNullOrWhiteSpace(Line1) && !string.IsNullOrWhiteSpace(Postcode);
}

/// <summary>Step 1: the family's answers to the consent statement (SPEC §8), with the people and organisations they do not agree to share with.</summary>
public sealed record ConsentRecord(bool AgreesToSharing, IReadOnlyList<DoNotShareEntry> DoNotShareWith, string? GivenBy, DateOnly? GivenOn)
{
    public static readonly ConsentRecord Empty = new(false, [], null, null);
}

public sealed record PractitionerDetails(string? Name, string? AgencyCode, string? Role, string? Email, string? Phone, string? PromptCode, string? PromptOther)
{
    public static readonly PractitionerDetails Empty = new(null, null, null, null, null, null, null);
}

public sealed record FocusChild(string? FirstName, string? LastName, DateOnly? DateOfBirth, string? GenderCode, string? SchoolOrSetting, Address Address)
{
    public static readonly FocusChild Empty = new(null, null, null, null, null, Address.Empty);
    public string FullName => $"{FirstName} {LastName}".Trim();
}

/// <summary>A parent or carer. The second parent may have no address (the seed could not record that).</summary>
public sealed record ParentCarer(string? Name, string? RelationshipCode, Address? Address);

/// <summary>A family member or important person. "Part of FSP" makes a child a further focus child.</summary>
public sealed record FamilyMember(Guid Id, string? Name, string? RelationshipCode, DateOnly? DateOfBirth, bool PartOfFsp);

public sealed record ContactDetails(string? ParentContactDetails, bool InterpreterNeeded, string? Language, string? AccessibilityNeeds, string? OtherKeyInformation)
{
    public static readonly ContactDetails Empty = new(null, false, null, null, null);
}

public sealed record OtherService(Guid Id, string? ServiceName, string? ContactName, string? Role, string? PhoneOrEmail);

public sealed record FamilyStory(string? KeyEventsNow, string? PastEvents)
{
    public static readonly FamilyStory Empty = new(null, null);
}

/// <summary>The child's own words, one per focus child. <see cref="ChildKey"/> is <see cref="Plan.MainChildKey"/> or a family member's id.</summary>
public sealed record ChildStory(string ChildKey, string? WorkingWell, string? CouldBeBetter, string? WhoTheyCanTalkTo);

/// <summary>A score of 1–10, or N/A (<see cref="Score"/> null with <see cref="NotApplicable"/>).</summary>
public sealed record AspectScore(string AspectCode, int? Score, bool NotApplicable)
{
    public bool IsAnswered => NotApplicable || Score is not null;
}

/// <summary>A line of the family plan. <see cref="IsClosed"/>: finished at a review; kept for the plan's history.</summary>
public sealed record PlanLine(Guid Id, string? FocusAreaCode, string? WhatNeedsToChange, string? WhatWillBeDone, string? Who, DateOnly? ByWhen, int? ScoreNow,
    bool IsClosed = false)
{
    public bool IsComplete => !string.IsNullOrWhiteSpace(FocusAreaCode) && !string.IsNullOrWhiteSpace(WhatNeedsToChange)
        && !string.IsNullOrWhiteSpace(WhatWillBeDone) && !string.IsNullOrWhiteSpace(Who) && ByWhen is not null && ScoreNow is not null;
}

public sealed record NextReview(DateOnly? Date, TimeOnly? Time, string? Location)
{
    public static readonly NextReview Empty = new(null, null, null);
}

public sealed record PlanMember(string UserId, PlanRole Role, bool IsActive);

/// <summary>
/// Why and when a plan was closed ("other" carries text), the outcome per need, and the 6-month check once recorded;
/// kept when the plan is reopened, for its history.
/// </summary>
public sealed record Closure(string ReasonCode, string? OtherReason, DateTime ClosedUtc, string ClosedByUserId,
    IReadOnlyList<NeedOutcome>? Outcomes = null, SustainedCheck? Sustained = null);
