"""The demo district: the real Xinbei boundary with generated (synthetic, labelled demo) contents."""
