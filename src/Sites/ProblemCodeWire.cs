using System.Text.RegularExpressions;

namespace HeatRelief.Sites;

/// <summary>
/// The one JSON form of <see cref="ProblemCode"/> (kebab case, as the dashboard's texts are keyed) and its English
/// text, a template whose <c>{name}</c> placeholders are the problem's arguments.
/// </summary>
public static partial class ProblemCodeWire
{
    /// <summary>Every code, for the checks that each has its texts.</summary>
    public static IReadOnlyList<ProblemCode> All { get; } = Enum.GetValues<ProblemCode>();

    public static string ToWire(this ProblemCode code) => code switch
    {
        ProblemCode.Required => "required",
        ProblemCode.NotAnId => "not-an-id",
        ProblemCode.TooLong => "too-long",
        ProblemCode.ControlCharacters => "control-characters",
        ProblemCode.NotAnAdminCode => "not-an-admin-code",
        ProblemCode.NotTrueOrFalse => "not-true-or-false",
        ProblemCode.NotAWholeNumber => "not-a-whole-number",
        ProblemCode.NotANumber => "not-a-number",
        ProblemCode.NotATime => "not-a-time",
        ProblemCode.NotOneOf => "not-one-of",
        ProblemCode.UnknownSite => "unknown-site",
        ProblemCode.QuietTimesApart => "quiet-times-apart",
        ProblemCode.DuplicateId => "duplicate-id",
        ProblemCode.SignInNameTaken => "sign-in-name-taken",
        ProblemCode.SignInNameStored => "sign-in-name-stored",
        ProblemCode.NotAUrl => "not-a-url",
        ProblemCode.WebhookTargetRefused => "webhook-target-refused",
        ProblemCode.NotAnEmail => "not-an-email",
        ProblemCode.AddressTooLong => "address-too-long",
        ProblemCode.UnknownChannel => "unknown-channel",
        ProblemCode.UnknownField => "unknown-field",
        ProblemCode.EmptyFile => "empty-file",
        ProblemCode.MissingColumn => "missing-column",
        ProblemCode.NotUtf8 => "not-utf8",
        ProblemCode.FileTooLarge => "file-too-large",
        ProblemCode.UploadTooLarge => "upload-too-large",
        ProblemCode.UnknownRecord => "unknown-record",
        ProblemCode.AmbiguousRecipient => "ambiguous-recipient",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no wire name"),
    };

    /// <summary>The English template of <paramref name="code"/>; <c>{name}</c> stands for the argument of that name.</summary>
    public static string English(this ProblemCode code) => code switch
    {
        ProblemCode.Required => "required",
        ProblemCode.NotAnId => "'{value}' is not an id (letters, digits, '-', '_', '.'; at most 64)",
        ProblemCode.TooLong => "longer than {max} characters",
        ProblemCode.ControlCharacters => "contains control characters",
        ProblemCode.NotAnAdminCode => "'{value}' is not an administrative code (six digits, GB/T 2260, e.g. 110105)",
        ProblemCode.NotTrueOrFalse => "'{value}' is not true or false",
        ProblemCode.NotAWholeNumber => "'{value}' is not a whole number from {min} to {max}",
        ProblemCode.NotANumber => "'{value}' is not a number from {min} to {max}",
        ProblemCode.NotATime => "'{value}' is not a time of day (HH:mm)",
        ProblemCode.NotOneOf => "'{value}' is not one of {choices}",
        ProblemCode.UnknownSite => "unknown site '{value}' (import sites first)",
        ProblemCode.QuietTimesApart => "quiet_start and quiet_end must be given together",
        ProblemCode.DuplicateId => "duplicate id '{value}' (first on line {line})",
        ProblemCode.SignInNameTaken => "sign-in name '{name}' is also officer {officer}'s (line {line}); sign-in names must differ, ignoring case",
        ProblemCode.SignInNameStored => "sign-in name '{name}' is also officer {officer}'s (already imported); sign-in names must differ, ignoring case",
        ProblemCode.NotAUrl => "'{value}' is not an absolute http(s) URL",
        ProblemCode.WebhookTargetRefused => "'{value}' is not an allowed webhook target: {reason}",
        ProblemCode.NotAnEmail => "'{value}' is not an e-mail address",
        ProblemCode.AddressTooLong => "address is longer than {max} characters",
        ProblemCode.UnknownChannel => "unknown channel '{value}' (expected {choices})",
        ProblemCode.UnknownField => "not a field of a {kind}; the fields are {fields}",
        ProblemCode.EmptyFile => "the file is empty; expected the header {columns}.",
        ProblemCode.MissingColumn => "missing column; expected {columns}.",
        ProblemCode.NotUtf8 => "not UTF-8 text (invalid byte at offset {offset}, line {line}); in Excel choose Save As \"CSV UTF-8 (Comma delimited)\" / 在 Excel 中另存为\"CSV UTF-8（逗号分隔）\"; save the file as UTF-8.",
        ProblemCode.FileTooLarge => "{bytes} bytes is larger than the {limit}-byte limit.",
        ProblemCode.UploadTooLarge => "the upload is larger than the {limit}-byte limit of the page ({bytes} bytes or more); split the file, or import it with ./run.sh import",
        ProblemCode.UnknownRecord => "no {kind} has the id '{id}'",
        ProblemCode.AmbiguousRecipient => "recipient id '{id}' is used at sites {sites}; name one as SITE/{id}",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no English text"),
    };

    /// <summary>The names of the arguments <paramref name="code"/>'s text uses.</summary>
    public static IReadOnlyList<string> ArgumentNames(this ProblemCode code) =>
        [.. Placeholder().Matches(code.English()).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The English text of <paramref name="code"/> with its arguments filled in.</summary>
    public static string Text(this ProblemCode code, IReadOnlyDictionary<string, string> args) =>
        Placeholder().Replace(code.English(), m => args.GetValueOrDefault(m.Groups[1].Value) ?? m.Value);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
