using Microsoft.AspNetCore.Components.Authorization;

namespace AbStudio.Web.Features.Accounts;

/// <summary>The actor of a console page: the circuit's signed-in user (the cascading authentication state), or nobody.</summary>
public static class PageActor
{
    public static async Task<Actor> FromAsync(Task<AuthenticationState>? state) =>
        state is null ? Actor.Anonymous : Actor.From((await state).User);
}
