"""What changed in a chapter, told in plain sentences, between any two versions."""
