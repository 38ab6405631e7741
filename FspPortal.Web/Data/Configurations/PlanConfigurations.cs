using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FspPortal.Web.Data.Configurations;

internal sealed class PlanRecordConfiguration : IEntityTypeConfiguration<PlanRecord>
{
    public void Configure(EntityTypeBuilder<PlanRecord> plan)
    {
        plan.ToTable("Plans");
        plan.HasKey(p => p.Id);
        plan.Property(p => p.Version).IsConcurrencyToken();
        plan.Property(p => p.CreatedByUserId).HasMaxLength(450);
        plan.Ignore(p => p.Reference); // derived from ReferenceNumber
        plan.Property(p => p.ChildFirstName).HasMaxLength(200);
        plan.Property(p => p.ChildLastName).HasMaxLength(200);
        plan.Property(p => p.PostcodeSearch).HasMaxLength(20);
        plan.Property(p => p.FamilyName).HasMaxLength(200);
        plan.HasIndex(p => p.ReferenceNumber).IsUnique(); // the nightly numbering's guarantee: no number twice
        plan.HasIndex(p => new { p.Status, p.ReviewClockStartUtc }); // the review sweep
        plan.HasIndex(p => p.PendingTransferSinceUtc);
        // Covering the tile counts: a user's plans are looked up by Id and counted from this index alone,
        // never from the row with its large JSON.
        plan.HasIndex(p => new { p.Id, p.Status, p.ReviewClockStartUtc });
        plan.HasIndex(p => p.NextReviewDate);
        plan.Property(p => p.PendingTransferToUserId).HasMaxLength(450);
        plan.HasIndex(p => p.PendingTransferToUserId);
        plan.HasIndex(p => p.FamilyName);
        plan.HasIndex(p => p.ChildLastName);
        plan.HasIndex(p => p.PostcodeSearch);
        plan.HasIndex(p => p.ChildDateOfBirth);
        plan.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        plan.HasMany(p => p.SearchTerms).WithOne().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        plan.HasIndex(p => p.SearchTermsVersion);
        plan.HasIndex(p => new { p.RetentionStartsOn, p.AnonymisedUtc }); // the retention job and Admin → Retention
        plan.Property(p => p.AgencyCode).HasMaxLength(100);
        // The manager's figures: plans open (by agency), started and closed in a period (by day, by agency).
        plan.HasIndex(p => new { p.Status, p.AgencyCode, p.ReviewClockStartUtc }); // one agency's open plans and overdue reviews, from the index alone
        plan.HasIndex(p => new { p.StartedOn, p.AgencyCode });
        plan.HasIndex(p => new { p.ClosedOn, p.AgencyCode, p.DaysToClose });
        plan.HasIndex(p => p.SustainedCheckDueOn); // the sweep's 6-month checks
        plan.HasMany(p => p.Needs).WithOne().HasForeignKey(n => n.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanNeedRecordConfiguration : IEntityTypeConfiguration<PlanNeedRecord>
{
    public void Configure(EntityTypeBuilder<PlanNeedRecord> need)
    {
        need.ToTable("PlanNeeds");
        need.HasKey(n => new { n.PlanId, n.OutcomeCode });
        need.Property(n => n.OutcomeCode).HasMaxLength(100);
        need.Property(n => n.AgencyCode).HasMaxLength(100);
        // The manager's figures: needs of plans started, closed or checked in a period, by outcome and agency.
        need.HasIndex(n => new { n.StartedOn, n.OutcomeCode, n.AgencyCode });
        need.HasIndex(n => new { n.ClosedOn, n.OutcomeCode, n.AgencyCode, n.Progress });
        need.HasIndex(n => new { n.CheckedOn, n.OutcomeCode, n.AgencyCode, n.Sustained });
    }
}

internal sealed class PlanSearchTermConfiguration : IEntityTypeConfiguration<PlanSearchTerm>
{
    public void Configure(EntityTypeBuilder<PlanSearchTerm> term)
    {
        term.ToTable("PlanSearchTerms");
        // A plan's terms are looked up by plan, then by the range of terms starting with a search word.
        term.HasKey(t => new { t.PlanId, t.Term });
        term.Property(t => t.Term).HasMaxLength(FspPortal.Domain.Plans.SearchFolding.MaxTermLength);
    }
}

internal sealed class FormDraftConfiguration : IEntityTypeConfiguration<FormDraft>
{
    public void Configure(EntityTypeBuilder<FormDraft> draft)
    {
        draft.HasKey(d => new { d.PlanId, d.UserId, d.Form });
        draft.Property(d => d.UserId).HasMaxLength(450);
        draft.HasOne<PlanRecord>().WithMany().HasForeignKey(d => d.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanDocumentConfiguration : IEntityTypeConfiguration<PlanDocument>
{
    public void Configure(EntityTypeBuilder<PlanDocument> document)
    {
        document.ToTable("PlanDocuments");
        document.HasKey(d => d.Id);
        document.Property(d => d.FileName).HasMaxLength(260);
        document.Property(d => d.Kind).HasMaxLength(60);
        document.Property(d => d.ContentType).HasMaxLength(120);
        document.Property(d => d.StoredName).HasMaxLength(64);
        document.Property(d => d.Store).HasMaxLength(16).HasDefaultValue(PlanDocument.InFolder);
        document.Property(d => d.UploadedByUserId).HasMaxLength(450);
        document.HasIndex(d => new { d.PlanId, d.UploadedUtc });
        document.HasOne<PlanRecord>().WithMany().HasForeignKey(d => d.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DocumentChunkConfiguration : IEntityTypeConfiguration<DocumentChunk>
{
    public void Configure(EntityTypeBuilder<DocumentChunk> chunk)
    {
        chunk.ToTable("DocumentChunks");
        chunk.HasKey(c => new { c.StoredName, c.Position });
        chunk.Property(c => c.StoredName).HasMaxLength(64);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> run)
    {
        run.ToTable("JobRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.JobName).HasMaxLength(100);
        run.Property(r => r.TriggeredBy).HasMaxLength(300);
        run.Property(r => r.Summary).HasMaxLength(2000);
        run.Property(r => r.Error).HasMaxLength(4000);
        run.HasIndex(r => new { r.JobName, r.StartedUtc });
        run.HasIndex(r => r.StartedUtc);
    }
}

internal sealed class ReviewReminderConfiguration : IEntityTypeConfiguration<ReviewReminder>
{
    public void Configure(EntityTypeBuilder<ReviewReminder> reminder)
    {
        reminder.ToTable("ReviewReminders");
        reminder.HasKey(r => r.Id);
        reminder.Property(r => r.Kind).HasMaxLength(30);
        reminder.Property(r => r.Anchor).HasMaxLength(60);
        reminder.HasIndex(r => new { r.PlanId, r.Kind, r.Anchor }).IsUnique(); // once per crossing, even if two sweeps overlap
        reminder.HasIndex(r => r.EmailedUtc);
        reminder.HasOne<PlanRecord>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanMemberRecordConfiguration : IEntityTypeConfiguration<PlanMemberRecord>
{
    public void Configure(EntityTypeBuilder<PlanMemberRecord> member)
    {
        member.ToTable("PlanMembers");
        member.HasKey(m => new { m.PlanId, m.UserId });
        member.Property(m => m.UserId).HasMaxLength(450);
        member.HasIndex(m => new { m.UserId, m.IsActive, m.PlanId });
    }
}

internal sealed class ReferenceItemConfiguration : IEntityTypeConfiguration<ReferenceItem>
{
    public void Configure(EntityTypeBuilder<ReferenceItem> item)
    {
        item.ToTable("ReferenceItems");
        item.Property(i => i.ListName).HasMaxLength(50);
        item.Property(i => i.Code).HasMaxLength(50);
        item.Property(i => i.Label).HasMaxLength(200);
        item.HasIndex(i => new { i.ListName, i.Code }).IsUnique();
    }
}
