using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Data;

/// <summary>
/// The portal's one database: Identity, Data Protection keys, the audit log and the domain tables.
/// Always created through IDbContextFactory: one short-lived context per operation.
/// </summary>
public sealed class FspDbContext(DbContextOptions<FspDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<FirstRunToken> FirstRunTokens => Set<FirstRunToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<PlanRecord> Plans => Set<PlanRecord>();
    public DbSet<PlanMemberRecord> PlanMembers => Set<PlanMemberRecord>();
    public DbSet<PlanSearchTerm> PlanSearchTerms => Set<PlanSearchTerm>();
    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();
    public DbSet<PlanDocument> PlanDocuments => Set<PlanDocument>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ReviewReminder> ReviewReminders => Set<ReviewReminder>();
    public DbSet<ReferenceItem> ReferenceItems => Set<ReferenceItem>();
    public DbSet<OutgoingEmail> OutgoingEmails => Set<OutgoingEmail>();
    public DbSet<PendingNotification> PendingNotifications => Set<PendingNotification>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FspDbContext).Assembly);
    }
}
