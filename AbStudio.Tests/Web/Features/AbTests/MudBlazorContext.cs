using System.Security.Claims;
using AbStudio.Identity;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>
/// bUnit with MudBlazor's own harness settings: loose JS interop, no transitions, no popover-provider
/// check; and a signed-in admin (every team), as the console's circuit would have, for page tests
/// about something other than who may act (<see cref="Authorization"/> changes who it is).
/// </summary>
public abstract class MudBlazorContext : BunitContext
{
    protected MudBlazorContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Authorization = AddAuthorization();
        Authorization.SetAuthorized(TestUsers.AdminName);
        Authorization.SetRoles(Roles.Admin);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()));
    }

    /// <summary>Who the rendered pages see as signed in.</summary>
    protected BunitAuthorizationContext Authorization { get; }
}
