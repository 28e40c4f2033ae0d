from django.urls import path

from screens.views import wall

urlpatterns = [
    path("screens/", wall, name="screens-wall"),
    path("screens/<str:name>/", wall, name="screens-screen"),
]
