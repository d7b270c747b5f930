using System.Collections.Concurrent;
using System.Reflection;
using MediatR;
using Platform.Application.Common.Security;
using Platform.Domain.Common;

namespace Platform.Application.Common.Behaviors;

internal sealed class AuthorizationBehavior<TRequest, TResponse>(ICurrentUser currentUser) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly ConcurrentDictionary<Type, (bool Anonymous, AuthorizeAttribute? Authorize)> Cache = new();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var (anonymous, authorize) = Cache.GetOrAdd(typeof(TRequest), static t =>
            (t.GetCustomAttribute<AllowAnonymousAttribute>() is not null, t.GetCustomAttribute<AuthorizeAttribute>()));

        if (!anonymous)
        {
            if (authorize is null)
            {
                // Fail closed: a request that declares nothing is a programming error.
                throw new InvalidOperationException($"{typeof(TRequest).Name} declares no authorization rule.");
            }

            if (!currentUser.IsAuthenticated)
            {
                throw new AuthRequiredException();
            }

            if (authorize.Scope is { } scope && !currentUser.HasScope(scope))
            {
                throw new InsufficientScopeException(scope);
            }

            if (authorize.Roles.Length > 0 && (currentUser.SystemRole is not { } role || Array.IndexOf(authorize.Roles, role) < 0))
            {
                throw new ForbiddenException("forbidden");
            }
        }

        return next();
    }
}
