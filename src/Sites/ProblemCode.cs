namespace HeatRelief.Sites;

/// <summary>
/// Why the directory refused a file, a form or a change, as a stable code: the command line prints its English text
/// (<see cref="ProblemCodeWire.Text"/>), the dashboard shows its own text for the code in the page's language.
/// </summary>
public enum ProblemCode
{
    /// <summary>A required value is empty.</summary>
    Required,

    /// <summary>{value} is not an id.</summary>
    NotAnId,

    /// <summary>Longer than {max} characters.</summary>
    TooLong,

    /// <summary>A value holds control characters.</summary>
    ControlCharacters,

    /// <summary>{value} is not a GB/T 2260 administrative code.</summary>
    NotAnAdminCode,

    /// <summary>{value} is not true or false.</summary>
    NotTrueOrFalse,

    /// <summary>{value} is not a whole number from {min} to {max}.</summary>
    NotAWholeNumber,

    /// <summary>{value} is not a number from {min} to {max}.</summary>
    NotANumber,

    /// <summary>{value} is not a time of day.</summary>
    NotATime,

    /// <summary>{value} is not one of {choices} (a channel, a language).</summary>
    NotOneOf,

    /// <summary>A recipient's site {value} is not imported.</summary>
    UnknownSite,

    /// <summary>Only one of quiet_start and quiet_end is given.</summary>
    QuietTimesApart,

    /// <summary>The id {value} is on line {line} already.</summary>
    DuplicateId,

    /// <summary>The sign-in name {name} is officer {officer}'s too, on line {line}.</summary>
    SignInNameTaken,

    /// <summary>The sign-in name {name} is officer {officer}'s too, already imported.</summary>
    SignInNameStored,

    /// <summary>The webhook address {value} is not an http(s) URL.</summary>
    NotAUrl,

    /// <summary>The webhook address {value} may not be a target, because {reason}.</summary>
    WebhookTargetRefused,

    /// <summary>The address {value} is not an e-mail address.</summary>
    NotAnEmail,

    /// <summary>A console address is longer than it may be.</summary>
    AddressTooLong,

    /// <summary>The channel {value} is not one of {choices}.</summary>
    UnknownChannel,

    /// <summary>A form's field is not a column of its kind's file ({fields}).</summary>
    UnknownField,

    /// <summary>The file is empty; the header {columns} was expected.</summary>
    EmptyFile,

    /// <summary>A column of {columns} is missing from the header.</summary>
    MissingColumn,

    /// <summary>The file is not UTF-8 (or GBK) text: a bad byte at {offset}, on line {line}.</summary>
    NotUtf8,

    /// <summary>The file ({bytes} bytes) is larger than the import's {limit}-byte limit.</summary>
    FileTooLarge,

    /// <summary>The upload ({bytes} bytes or more) is larger than the page's {limit}-byte limit.</summary>
    UploadTooLarge,

    /// <summary>No {kind} has the id {id}.</summary>
    UnknownRecord,

    /// <summary>The recipient id {id} is used at the sites {sites}.</summary>
    AmbiguousRecipient,
}
