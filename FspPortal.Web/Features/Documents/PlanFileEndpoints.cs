using FspPortal.Web.Features.Print;

namespace FspPortal.Web.Features.Documents;

/// <summary>
/// Files that leave the portal: a plan's documents and its PDF. Both run the one access check in their service; anyone
/// else gets 404 (not 403: a plan they may not see does not exist for them). Nothing is cached on the way.
/// </summary>
public static class PlanFileEndpoints
{
    public static IEndpointRouteBuilder MapPlanFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/plans/{planId:guid}/documents/{documentId:guid}", async (Guid planId, Guid documentId, HttpContext http, DocumentService documents) =>
        {
            var download = await documents.OpenAsync(planId, documentId, http.User);
            if (download is null) return Results.NotFound();
            NoCaching(http);
            // Results.Stream writes Content-Disposition: attachment with an ASCII filename and the RFC 5987 filename*.
            return Results.Stream(download.Content, download.ContentType, download.FileName); // disposed once sent
        }).RequireAuthorization();

        endpoints.MapGet("/plans/{planId:guid}/pdf", async (Guid planId, HttpContext http, PrintService print) =>
        {
            var pdf = await print.PdfAsync(planId, http.User);
            if (pdf is not { } file) return Results.NotFound();
            NoCaching(http);
            return Results.File(file.Bytes, "application/pdf", file.FileName);
        }).RequireAuthorization();
        return endpoints;
    }

    private static void NoCaching(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }
}
