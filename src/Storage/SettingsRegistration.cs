using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Storage;

/// <summary>How every slice binds its options class: by section, validated at start with key-naming messages.</summary>
public static class SettingsRegistration
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>; failures name the app setting (<c>Section__Key</c>).</summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section));
        return services.AddOptions<TOptions>().BindConfiguration(section);
    }
}
