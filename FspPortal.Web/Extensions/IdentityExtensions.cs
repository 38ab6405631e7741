using FspPortal.Web.Data;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FspPortal.Web.Extensions;

/// <summary>Identity: password + emailed code at every sign-in, the portal's password rule, lockout, short revalidation.</summary>
public static class IdentityExtensions
{
    public static WebApplicationBuilder AddFspIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.AddCascadingAuthenticationState();
        // Subject access requests: admins, and coordinators too when Privacy:SubjectAccessByCoordinators says so.
        services.AddAuthorizationBuilder().AddPolicy(Features.Privacy.SubjectAccessService.Policy,
            policy => policy.RequireAuthenticatedUser().AddRequirements(new Features.Privacy.MayAnswerSubjectAccess()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, Features.Privacy.MayAnswerSubjectAccessHandler>();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            // The cookie holds only a session key; the session's idle and absolute ends are kept on the server (SessionStore).
            cookie.ExpireTimeSpan = TimeSpan.FromHours(security.SessionHours);
            cookie.SlidingExpiration = false;
            cookie.Cookie.Name = "FspPortal.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddSingleton<SessionStore>();
        services.AddSingleton<OpenPageChecks>();
        services.AddHostedService(sp => sp.GetRequiredService<OpenPageChecks>());
        services.AddSingleton<UserSessions>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionActivity>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SessionStore>((cookie, store) => cookie.SessionStore = store)
            .PostConfigure(cookie => cookie.Events.OnValidatePrincipal = SessionStore.KeepSessionName(cookie.Events.OnValidatePrincipal));
        // The "passed the password" cookie must outlive the emailed code, or the code page times out first.
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme,
            cookie => cookie.ExpireTimeSpan = TimeSpan.FromMinutes(security.SignInCodeMinutes + 5));
        // Static requests re-check the security stamp this often (a deactivation changes it).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromSeconds(security.SessionRevalidationSeconds));
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(security.PasswordResetHours));
        services.Configure<InvitationTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(security.InvitationHours));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.SignIn.RequireConfirmedAccount = false; // admins create accounts; the invitation link proves the address
                options.User.RequireUniqueEmail = true;
                // Length and the name/email rule come from PortalPasswordValidator; no composition rules.
                options.Password.RequiredLength = Domain.Accounts.PasswordPolicy.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = security.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
                options.Tokens.PasswordResetTokenProvider = TokenOptions.DefaultProvider;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FspDbContext>()
            .AddSignInManager<FspSignInManager>()
            .AddClaimsPrincipalFactory<FspClaimsPrincipalFactory>()
            .AddPasswordValidator<PortalPasswordValidator>()
            // Only the providers the portal uses: no TOTP email/phone codes (they can be replayed).
            .AddTokenProvider<DataProtectorTokenProvider<ApplicationUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName)
            .AddTokenProvider<EmailSignInCodeProvider>(EmailSignInCodeProvider.ProviderName)
            .AddTokenProvider<AuthenticatorAppCodeProvider>(AuthenticatorAppCodeProvider.ProviderName);
        // Passkeys (WebAuthn) are Identity's own. Outside Development the relying party is the public address's host, never
        // whatever Host header a request carries; in Development (no address) the request's host is used.
        services.Configure<IdentityPasskeyOptions>(passkeys =>
        {
            if (Uri.TryCreate(builder.Configuration["Portal:PublicBaseUrl"], UriKind.Absolute, out var address)) passkeys.ServerDomain = address.Host;
        });
        services.AddScoped<SignInMethods>();
        services.AddScoped<SignInFinish>();
        services.AddScoped(sp => (FspSignInManager)sp.GetRequiredService<SignInManager<ApplicationUser>>());
        services.AddScoped<SignInCodeSender>();
        services.AddScoped<PasswordCheck>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountEmailLimiter>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetRequests>());
        services.AddSingleton<AccountLinks>();
        return builder;
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Sign out is a POST with an antiforgery token (the form in the layout carries it).
        endpoints.MapPost("/Account/Logout", async Task<IResult> (HttpContext context, [FromServices] FspSignInManager signIn,
            [FromServices] UserManager<ApplicationUser> users, [FromServices] AuditLog audit, [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // The endpoint binds no form, so the framework would not check the token by itself.
            if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.BadRequest();
            var user = await users.GetUserAsync(context.User);
            await signIn.SignOutAsync();
            if (user is not null) await audit.WriteAsync(new AuditEvent(AuditActions.SignOut, user.Id, user.Email, "User", user.Id));
            return TypedResults.LocalRedirect("~/Account/SignedOut");
        });

        // What the browser needs to make a passkey (signed in) or to use one (signing in), as the Blazor template does.
        endpoints.MapPost("/Account/PasskeyCreationOptions", async Task<IResult> (HttpContext context, [FromServices] UserManager<ApplicationUser> users,
            [FromServices] FspSignInManager signIn, [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.BadRequest();
            var user = await users.GetUserAsync(context.User);
            // With a body: the status-code pages would otherwise re-run this POST as the "not found" page, which reads no form.
            if (user is null) return TypedResults.NotFound(new { error = "Sign in to add a passkey." });
            var json = await signIn.MakePasskeyCreationOptionsAsync(new() { Id = user.Id, Name = user.Email!, DisplayName = user.FullName });
            return TypedResults.Content(json, "application/json");
        });
        endpoints.MapPost("/Account/PasskeyRequestOptions", async Task<IResult> (HttpContext context, [FromServices] FspSignInManager signIn,
            [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.BadRequest();
            // No account is named: the passkey says whose it is, and nothing here tells anyone whether an address has an account.
            var json = await signIn.MakePasskeyRequestOptionsAsync(null);
            return TypedResults.Content(json, "application/json");
        });
    }
}
