from django.urls import path

from geo.tiles import views

urlpatterns = [
    path("<str:layer>/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
    path("<str:layer>.json", views.tilejson, name="tilejson"),
]
