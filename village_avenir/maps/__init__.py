"""Maps: folium builders served with local Leaflet (no CDN), for a closed network."""
