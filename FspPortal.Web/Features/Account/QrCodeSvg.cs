using QRCoder;

namespace FspPortal.Web.Features.Account;

/// <summary>A QR code drawn on the server as SVG markup (no script, no image request, nothing leaves the portal).</summary>
public static class QrCodeSvg
{
    public static string For(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // Black on white whatever the page's colours: scanners need the contrast. Sized by the viewBox, drawn at 4 px a module.
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
