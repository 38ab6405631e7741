using System.Net;

namespace FspPortal.Web.Email;

/// <summary>The wording of every account email, in plain text and simple HTML.</summary>
public static class AccountEmails
{
    public static EmailMessage SignInCode(string to, string name, string code, int minutes) => Build(to,
        "Your FSP Portal sign-in code",
        $"Hello {name},",
        [$"Your sign-in code is {code}.", $"It works once and expires in {minutes} minutes.",
         "If you did not try to sign in, change your password and tell your FSP Portal administrator."],
        code: code);

    public static EmailMessage Invitation(string to, string name, string link, int hours) => Build(to,
        "Your FSP Portal account",
        $"Hello {name},",
        ["An FSP Portal account has been created for you.",
         $"Choose your password with this link. It works once and expires in {hours} hours:"],
        link: link, linkText: "Set your password");

    public static EmailMessage PasswordReset(string to, string name, string link) => Build(to,
        "Reset your FSP Portal password",
        $"Hello {name},",
        ["Someone asked to reset the password of your FSP Portal account. If it was you, use this link:",],
        link: link, linkText: "Reset your password",
        after: "If it was not you, you can ignore this email; your password has not changed.");

    public static EmailMessage AccessRequestReceived(string to) => Build(to,
        "We have received your request for FSP Portal access",
        "Hello,",
        ["Thank you for asking for an FSP Portal account. An administrator will look at your request and you will hear from us by email."]);

    public static EmailMessage AccessRequestDeclined(string to, string name, string? reason) => Build(to,
        "Your request for FSP Portal access",
        $"Hello {name},",
        string.IsNullOrWhiteSpace(reason)
            ? ["Your request for an FSP Portal account has not been approved. Please contact your early help team if you think this is wrong."]
            : ["Your request for an FSP Portal account has not been approved, for this reason:", reason,
               "Please contact your early help team if you think this is wrong."]);

    private static EmailMessage Build(string to, string subject, string greeting, string[] paragraphs,
        string? link = null, string? linkText = null, string? code = null, string? after = null)
    {
        var text = new List<string> { greeting, "" };
        foreach (var p in paragraphs) { text.Add(p); text.Add(""); }
        if (link is not null) { text.Add(link); text.Add(""); }
        if (after is not null) { text.Add(after); text.Add(""); }
        text.Add("FSP Portal");

        var html = new System.Text.StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c\">");
        html.Append($"<p>{Enc(greeting)}</p>");
        foreach (var p in paragraphs)
        {
            html.Append(code is not null && p.Contains(code)
                ? $"<p>{Enc(p[..p.IndexOf(code)])}<strong style=\"font-size:24px;letter-spacing:4px\">{Enc(code)}</strong>{Enc(p[(p.IndexOf(code) + code.Length)..])}</p>"
                : $"<p>{Enc(p)}</p>");
        }
        if (link is not null) html.Append($"<p><a href=\"{Enc(link)}\">{Enc(linkText ?? link)}</a></p><p>{Enc(link)}</p>");
        if (after is not null) html.Append($"<p>{Enc(after)}</p>");
        html.Append("<p>FSP Portal</p></body></html>");
        return new EmailMessage(to, subject, string.Join('\n', text), html.ToString());
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
