using AbStudio.Web.Api;
using MudBlazor;

namespace AbStudio.Web.Components.Shared;

/// <summary>
/// Deleting from the console, the same way for every kind of thing: ask first, then say what
/// happened. Something still in use stays, and the message says what uses it (the service's reason,
/// the same words the API's 409 carries).
/// </summary>
public sealed class DeletionPrompt(IDialogService dialogs, ISnackbar snackbar)
{
    /// <summary>True when the thing is gone (deleted now, or already).</summary>
    /// <param name="what">"dataset", "collection".</param>
    /// <param name="name">How the user knows it.</param>
    /// <param name="consequence">What goes with it, in a sentence.</param>
    /// <param name="delete">The service's delete.</param>
    public async Task<bool> ConfirmAndDeleteAsync(string what, string name, string consequence, Func<Task<DeletionResult>> delete)
    {
        ArgumentNullException.ThrowIfNull(delete);
        var confirmed = await dialogs.ShowMessageBoxAsync(
            $"Delete {what}?", $"{consequence} This cannot be undone.", yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true)
        {
            return false;
        }

        try
        {
            var result = await delete();
            switch (result.Outcome)
            {
                case DeletionOutcome.InUse:
                    snackbar.Add($"'{name}' was not deleted: {result.Reason}", Severity.Warning, o => o.RequireInteraction = true);
                    return false;
                case DeletionOutcome.Forbidden:
                    snackbar.Add($"'{name}' was not deleted: {result.Reason}", Severity.Warning);
                    return false;
                case DeletionOutcome.NotFound:
                    snackbar.Add($"'{name}' was already deleted.", Severity.Info);
                    return true;
                default:
                    snackbar.Add($"Deleted '{name}'.", Severity.Success);
                    return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            snackbar.Add($"'{name}' could not be deleted: {e.Message}", Severity.Error);
            return false;
        }
    }
}
