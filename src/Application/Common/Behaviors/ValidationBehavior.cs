using FluentValidation;
using MediatR;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;

namespace Platform.Application.Common.Behaviors;

/// <summary>
/// Runs the text rule over every string of the request (<see cref="RequestTextValidator{TRequest}"/>,
/// the same for every transport), then the request's FluentValidation validators; the first failure
/// (in declaration order) becomes a VALIDATION_ERROR whose details name the field.
/// </summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] _validators = validators as IValidator<TRequest>[] ?? validators.ToArray();

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (RequestTextValidator<TRequest>.Instance is { } text)
        {
            ThrowIfInvalid(text.Validate(request));
        }

        foreach (var validator in _validators)
        {
            ThrowIfInvalid(await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return await next().ConfigureAwait(false);
    }

    private static void ThrowIfInvalid(FluentValidation.Results.ValidationResult result)
    {
        if (result.IsValid)
        {
            return;
        }

        var failure = result.Errors[0];
        var details = new Dictionary<string, object?>();
        if (!string.IsNullOrEmpty(failure.PropertyName))
        {
            details["field"] = ToCamelCase(failure.PropertyName);
        }

        if (failure.CustomState is IReadOnlyDictionary<string, object?> extra)
        {
            foreach (var (key, value) in extra)
            {
                details[key] = value;
            }
        }

        throw new ValidationFailedException(failure.ErrorMessage, details);
    }

    private static string ToCamelCase(string name)
    {
        var last = name.LastIndexOf('.');
        var leaf = last >= 0 ? name[(last + 1)..] : name;
        return leaf.Length == 0 || char.IsLower(leaf[0]) ? leaf : char.ToLowerInvariant(leaf[0]) + leaf[1..];
    }
}
