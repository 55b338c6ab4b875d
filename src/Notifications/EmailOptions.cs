using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Notifications;

/// <summary>The SMTP server e-mail notifications go through.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    [Required] public string Host { get; set; } = "localhost";

    [Range(1, 65535)] public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    [Required, RegularExpression("^(None|Auto|StartTls|StartTlsWhenAvailable|SslOnConnect)$")]
    public string Security { get; set; } = "StartTlsWhenAvailable";

    [Required] public string From { get; set; } = "HeatRelief <heatrelief@localhost>";

    public string? UserName { get; set; }

    /// <summary>From Key Vault in Azure; never in code or committed settings.</summary>
    public string? Password { get; set; }

    [Range(1, 300)] public int TimeoutSeconds { get; set; } = 30;
}
