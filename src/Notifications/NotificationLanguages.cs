namespace HeatRelief.Notifications;

/// <summary>
/// The languages HeatRelief writes its notices in. Kept here, below the sites and heat slices, so the directory
/// import (which checks a recipient's language) and the advice texts read one list.
/// </summary>
public static class NotificationLanguages
{
    public static readonly IReadOnlyList<string> All = ["zh", "en"];
}
