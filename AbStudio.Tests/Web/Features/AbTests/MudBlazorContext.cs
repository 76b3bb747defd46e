using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>bUnit with MudBlazor's own harness settings: loose JS interop, no transitions, no popover-provider check.</summary>
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
    }
}
