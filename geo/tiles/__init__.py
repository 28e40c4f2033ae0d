"""Mapbox Vector Tiles from PostGIS. Apps register their layers here (see grids/tiles.py)."""
