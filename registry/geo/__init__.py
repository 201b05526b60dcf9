"""Country shapes for the world map: world.json, built once by build.py (see LICENSE.md)."""
