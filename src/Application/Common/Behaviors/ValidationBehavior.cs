using FluentValidation;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Application.Common.Behaviors;

/// <summary>
/// Runs the request's FluentValidation validators; the first failure (in declaration order) becomes
/// a VALIDATION_ERROR whose details name the field.
/// </summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] _validators = validators as IValidator<TRequest>[] ?? validators.ToArray();

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsValid)
            {
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
        }

        return await next().ConfigureAwait(false);
    }

    private static string ToCamelCase(string name)
    {
        var last = name.LastIndexOf('.');
        var leaf = last >= 0 ? name[(last + 1)..] : name;
        return leaf.Length == 0 || char.IsLower(leaf[0]) ? leaf : char.ToLowerInvariant(leaf[0]) + leaf[1..];
    }
}
