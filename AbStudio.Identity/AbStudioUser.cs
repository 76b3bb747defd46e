using Microsoft.AspNetCore.Identity;

namespace AbStudio.Identity;

/// <summary>A person (or a CI account) who signs in or holds tokens.</summary>
public sealed class AbStudioUser : IdentityUser<Guid>
{
    public AbStudioUser()
    {
        // Time-ordered like every other key in the database.
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public AbStudioUser(string userName)
        : this() => UserName = userName;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
