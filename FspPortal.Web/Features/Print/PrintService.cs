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
    private readonly AuditLog audit;
    private readonly TimeProvider clock;

    public PrintService(PlanOverviewService overview, ReferenceData reference, AuditLog audit, TimeProvider clock, IConfiguration configuration)
    {
        (this.overview, this.reference, this.audit, this.clock) = (overview, reference, audit, clock);
        PdfRenderer.UseFonts(configuration["Pdf:FontFolder"]);
    }

    /// <summary>How the user reads the plan, and its printout (null: "not found"). The caller records the view.</summary>
    public async Task<(PlanReader Reader, Printout? Printout)> PrintoutAsync(Guid planId, ClaimsPrincipal user)
    {
        var view = await overview.OpenAsync(planId, user, recordView: false);
        return view is null ? (PlanReader.None, null) : (view.Reader, Printout.For(view.Plan, view.Reference, await reference.GetAsync(), clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>The PDF and its file name, or null ("not found"); every download and every refusal is audited once.</summary>
    public async Task<(byte[] Bytes, string FileName)?> PdfAsync(Guid planId, ClaimsPrincipal user)
    {
        var (reader, printout) = await PrintoutAsync(planId, user);
        await audit.WriteAsync(new AuditEvent(printout is null ? PlanAuditActions.ViewRefused : PrintAuditActions.PdfDownloaded, user.UserId(),
            user.Identity?.Name, "Plan", planId.ToString(), printout is null ? AuditOutcome.Failure : AuditOutcome.Success,
            Details: "the PDF",
            Summary: reader switch
            {
                PlanReader.None => "Was refused the PDF (not on the plan)",
                PlanReader.Admin => "Downloaded the PDF as an administrator (not on the plan)",
                _ => "Downloaded the PDF",
            }));
        return printout is null ? null : (PdfRenderer.Render(printout), printout.PdfFileName);
    }
}

public static class PrintAuditActions
{
    public const string PdfDownloaded = "Plan.PdfDownloaded";
}
