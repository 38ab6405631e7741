using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Data;

/// <summary>
/// The portal's one database: Identity, Data Protection keys, the audit log and the domain tables.
/// Always created through IDbContextFactory: one short-lived context per operation. The app asks for this type; each
/// database provider has its own leaf type (<see cref="SqliteFspDbContext"/>, <see cref="PostgreSql.PostgresFspDbContext"/>),
/// because EF keeps one set of migrations per context type (and takes a base type's migrations as a subclass's too).
/// </summary>
public abstract class FspDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    protected FspDbContext(DbContextOptions options) : base(options) { }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<FirstRunToken> FirstRunTokens => Set<FirstRunToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<PasskeyUse> PasskeyUses => Set<PasskeyUse>();
    public DbSet<PlanRecord> Plans => Set<PlanRecord>();
    public DbSet<PlanMemberRecord> PlanMembers => Set<PlanMemberRecord>();
    public DbSet<PlanSearchTerm> PlanSearchTerms => Set<PlanSearchTerm>();
    public DbSet<PlanNeedRecord> PlanNeeds => Set<PlanNeedRecord>();
    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();
    public DbSet<PlanDocument> PlanDocuments => Set<PlanDocument>();
    public DbSet<DocumentChunk> DocumentChunks => Set<DocumentChunk>();
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
