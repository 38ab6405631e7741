namespace FspPortal.Web.Data;

public enum AccessRequestStatus { Pending = 0, Approved = 1, Declined = 2 }

/// <summary>A visitor's request for an account, waiting in the admin queue.</summary>
public sealed class AccessRequest
{
    public int Id { get; set; }
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Agency { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public string Phone { get; set; } = "";
    public string? Reason { get; set; }
    public DateTime RequestedUtc { get; set; }
    public AccessRequestStatus Status { get; set; }
    public DateTime? DecidedUtc { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DeclineReason { get; set; }
}
