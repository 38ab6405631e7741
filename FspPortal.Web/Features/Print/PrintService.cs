using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Print;

/// <summary>
/// "Our Family Support Plan" for the printable page and the PDF: the plan read through the overview's one access check
/// (views audited), turned into a <see cref="Printout"/>; the PDF download is audited too.
/// </summary>
public sealed class PrintService
{
    private readonly PlanOverviewService overview;
    private readonly ReferenceData reference;
    private readonly PlanViewAudit views;
    private readonly TimeProvider clock;

    public PrintService(PlanOverviewService overview, ReferenceData reference, PlanViewAudit views, TimeProvider clock, IConfiguration configuration)
    {
        (this.overview, this.reference, this.views, this.clock) = (overview, reference, views, clock);
        PdfRenderer.UseFonts(configuration["Pdf:FontFolder"]);
    }

    /// <summary>How the user reads the plan, and its printout (null: "not found"). The caller records the view.</summary>
    public async Task<(PlanReader Reader, Printout? Printout)> PrintoutAsync(Guid planId, ClaimsPrincipal user)
    {
        var read = await overview.ReadAsync(planId, user);
        return (read.Reader, read.Plan is null ? null : Printout.For(read.Plan, read.Reference, await reference.GetAsync(), clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>The PDF and its file name, or null ("not found"); every download and every refusal is audited once.</summary>
    public async Task<(byte[] Bytes, string FileName)?> PdfAsync(Guid planId, ClaimsPrincipal user)
    {
        var (reader, printout) = await PrintoutAsync(planId, user);
        await views.RecordAsync(planId, user, reader, "the PDF", PlanReadKind.Pdf);
        return printout is null ? null : (PdfRenderer.Render(printout), printout.PdfFileName);
    }
}

public static class PrintAuditActions
{
    public const string PdfDownloaded = "Plan.PdfDownloaded";
}
