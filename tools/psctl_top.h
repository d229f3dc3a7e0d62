/* psctl_top.h */
