namespace FspPortal.Web.Data;

/// <summary>One line of the append-only audit log. Never updated or deleted (the DbContext refuses it).</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTime OccurredUtc { get; init; }
    public string? ActorUserId { get; init; }
    /// <summary>The actor's email at the time, so the line reads on its own.</summary>
    public string? ActorEmail { get; init; }
    /// <summary>The actor's name and agency at the time ("Sam Hughes (School)"), so History never shows an id.</summary>
    public string? ActorName { get; init; }
    public string Action { get; init; } = "";
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string Outcome { get; init; } = AuditOutcome.Success;
    public string? Details { get; init; }
    /// <summary>What happened as a sentence ("Edited Family members and Family plan"); older lines have none and are worded from the action.</summary>
    public string? Summary { get; init; }
    public string? IpAddress { get; init; }
}

public static class AuditOutcome
{
    public const string Success = "Success";
    public const string Failure = "Failure";
}
