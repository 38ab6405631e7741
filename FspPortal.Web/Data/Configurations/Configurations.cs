using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FspPortal.Web.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user)
    {
        user.Property(u => u.FullName).HasMaxLength(200);
        user.Property(u => u.Agency).HasMaxLength(200);
        user.Property(u => u.JobTitle).HasMaxLength(200);
        user.HasIndex(u => u.FullName);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> audit)
    {
        audit.Property(a => a.Action).HasMaxLength(100);
        audit.Property(a => a.ActorEmail).HasMaxLength(256);
        audit.Property(a => a.ActorName).HasMaxLength(400);
        audit.Property(a => a.Summary).HasMaxLength(1000);
        audit.Property(a => a.TargetType).HasMaxLength(100);
        audit.Property(a => a.TargetId).HasMaxLength(100);
        audit.Property(a => a.Outcome).HasMaxLength(20);
        audit.Property(a => a.IpAddress).HasMaxLength(64);
        audit.HasIndex(a => a.OccurredUtc);
        audit.HasIndex(a => new { a.ActorUserId, a.OccurredUtc });
        audit.HasIndex(a => new { a.Action, a.OccurredUtc });
        audit.HasIndex(a => new { a.TargetType, a.TargetId });
    }
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> request)
    {
        request.Property(r => r.FullName).HasMaxLength(200);
        request.Property(r => r.Email).HasMaxLength(256);
        request.Property(r => r.Agency).HasMaxLength(200);
        request.Property(r => r.JobTitle).HasMaxLength(200);
        request.Property(r => r.Phone).HasMaxLength(40);
        request.Property(r => r.Reason).HasMaxLength(2000);
        request.Property(r => r.DeclineReason).HasMaxLength(2000);
        request.HasIndex(r => new { r.Status, r.RequestedUtc });
    }
}

internal sealed class FirstRunTokenConfiguration : IEntityTypeConfiguration<FirstRunToken>
{
    public void Configure(EntityTypeBuilder<FirstRunToken> token) => token.Property(t => t.TokenHash).HasMaxLength(128);
}

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> email)
    {
        email.Property(e => e.To).HasMaxLength(256);
        email.Property(e => e.Subject).HasMaxLength(400);
        email.Property(e => e.LastError).HasMaxLength(1000);
        email.HasIndex(e => new { e.Status, e.NextAttemptUtc });
        email.HasIndex(e => new { e.To, e.Id });
        email.HasIndex(e => e.PlanId);
    }
}

internal sealed class PendingNotificationConfiguration : IEntityTypeConfiguration<PendingNotification>
{
    public void Configure(EntityTypeBuilder<PendingNotification> notification) => notification.Property(n => n.UserIds).HasMaxLength(100_000);
}

internal sealed class PasskeyUseConfiguration : IEntityTypeConfiguration<PasskeyUse>
{
    public void Configure(EntityTypeBuilder<PasskeyUse> use)
    {
        use.HasKey(u => new { u.UserId, u.CredentialKey });
        use.Property(u => u.UserId).HasMaxLength(450);
        use.Property(u => u.CredentialKey).HasMaxLength(1400);
        use.HasOne<ApplicationUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.Property(s => s.Id).HasMaxLength(64);
        session.Property(s => s.UserId).HasMaxLength(450);
        session.Property(s => s.IpAddress).HasMaxLength(64);
        session.Property(s => s.UserAgent).HasMaxLength(256);
        session.HasIndex(s => s.UserId);
        session.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
