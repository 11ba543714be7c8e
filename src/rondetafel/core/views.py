from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("trajectories:list")
    return render(request, "core/home.html")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
